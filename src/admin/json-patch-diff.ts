// The RFC 6902 patch that turns one JSON value into another: what a webhook revision records as its diff.
// Objects are compared key by key, arrays index by index (a shorter array loses its tail from the end).
// Keys are tested as own properties: `in` also sees Object.prototype, so a variable named `toString` or
// `constructor` looked present on every object.
import type { PatchOperation } from './admin-store.ts';
import { isRecord } from '../json/is-record.ts';
import { toPointer } from '../rules/json-locator.ts';

export function jsonPatchDiff(before: unknown, after: unknown, path = ''): PatchOperation[] {
  if (isRecord(before) && isRecord(after)) {
    const operations: PatchOperation[] = [];
    for (const key of Object.keys(before)) {
      if (!Object.hasOwn(after, key)) operations.push({ op: 'remove', path: `${path}${toPointer([key])}` });
    }
    for (const [key, value] of Object.entries(after)) {
      const child = `${path}${toPointer([key])}`;
      if (!Object.hasOwn(before, key)) operations.push({ op: 'add', path: child, value });
      else operations.push(...jsonPatchDiff(before[key], value, child));
    }
    return operations;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const operations: PatchOperation[] = [];
    const shared = Math.min(before.length, after.length);
    for (let index = 0; index < shared; index++)
      operations.push(...jsonPatchDiff(before[index], after[index], `${path}/${index}`));
    for (let index = shared; index < after.length; index++)
      operations.push({ op: 'add', path: `${path}/${index}`, value: after[index] });
    for (let index = before.length - 1; index >= shared; index--)
      operations.push({ op: 'remove', path: `${path}/${index}` });
    return operations;
  }
  return sameJson(before, after) ? [] : [{ op: 'replace', path, value: after }];
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
