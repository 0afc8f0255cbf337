import { expect } from 'chai';
import { jsonPatchDiff } from '../../src/admin/json-patch-diff.ts';

/** Applies add/remove/replace operations (RFC 6902) to a copy: the diff must turn before into after. */
function apply(document: unknown, operations: ReturnType<typeof jsonPatchDiff>): unknown {
  let root: unknown = structuredClone(document);
  for (const operation of operations) {
    if (operation.path === '') {
      root = operation.op === 'remove' ? undefined : structuredClone(operation.value);
      continue;
    }
    const keys = operation.path.slice(1).split('/').map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop()!;
    let parent = root as Record<string, unknown> | unknown[];
    for (const key of keys) parent = (parent as Record<string, unknown>)[key] as Record<string, unknown>;
    if (Array.isArray(parent)) {
      const index = Number(last);
      if (operation.op === 'remove') parent.splice(index, 1);
      else if (operation.op === 'add') parent.splice(index, 0, structuredClone(operation.value));
      else parent[index] = structuredClone(operation.value);
    } else if (operation.op === 'remove') {
      delete parent[last];
    } else {
      parent[last] = structuredClone(operation.value);
    }
  }
  return root;
}

describe('the JSON Patch diff of two revisions', () => {
  const before = { id: 'acme', version: '1.0.0', 'a/b': 1, keywords: { optOut: { keywords: ['Stop', 'End', 'Quit'] } }, variables: { brand: 'ACME' } };
  const after = { id: 'acme', version: '1.1.0', keywords: { optOut: { keywords: ['Stop', 'Cancel'] }, help: { keywords: ['Help'] } }, 'a/b': 2 };

  it('lists only what changed, by JSON pointer', () => {
    expect(jsonPatchDiff(before, after)).to.deep.equal([
      { op: 'remove', path: '/variables' },
      { op: 'replace', path: '/version', value: '1.1.0' },
      { op: 'replace', path: '/keywords/optOut/keywords/1', value: 'Cancel' },
      { op: 'remove', path: '/keywords/optOut/keywords/2' },
      { op: 'add', path: '/keywords/help', value: { keywords: ['Help'] } },
      { op: 'replace', path: '/a~1b', value: 2 },
    ]);
  });

  it('turns the earlier revision into the later one when applied, and is empty for equal documents', () => {
    expect(apply(before, jsonPatchDiff(before, after))).to.deep.equal(after);
    expect(apply(after, jsonPatchDiff(after, before))).to.deep.equal(before);
    expect(jsonPatchDiff(before, structuredClone(before))).to.deep.equal([]);
  });
});
