// Builds a Vendor from its templates and a dispatch table that picks the template for a callback.
import type { EventKind, Extraction } from '../events.ts';
import type { CompiledTemplate } from '../template/compiled-template.ts';
import { describeValue, mismatch, type PayloadMismatch } from '../template/payload-mismatch.ts';
import { jsonPath } from '../json/parse-json-body.ts';
import type { Vendor } from './vendor.ts';

/** A template name, or a reason to acknowledge the callback without events. */
export type Route = string | { ignore: string } | { template: string; unless: { path: string[]; ignore: string } };

export type Dispatch =
  /** A top-level field names the callback type (Sinch SMS `type`); unknown values are mismatches. */
  | { by: 'field'; field: string; label: string; routes: Readonly<Record<string, Route>> }
  /** The top-level key present names the callback type (Sinch Conversation); the first listed wins. */
  | { by: 'key'; label: string; routes: Readonly<Record<string, Route>> }
  /** Try the templates of the requested kind in order (Infobip: one webhook per kind). */
  | { by: 'order' };

export interface VendorSpec {
  id: string;
  templates: Readonly<Record<string, CompiledTemplate>>;
  dispatch: Dispatch;
}

export function templateVendor(spec: VendorSpec): Vendor {
  const { id, templates, dispatch } = spec;
  const run = (name: string, payload: unknown, kind: EventKind | undefined, at: string): Extraction | PayloadMismatch => {
    const template = templates[name];
    if (template === undefined) throw new Error(`internal: ${id} routes to a missing template ${name}`);
    if (kind !== undefined && template.kind !== kind) {
      return mismatch(at, `expected a ${kind} callback, found a ${template.kind} callback (${name})`);
    }
    const extraction = template.tryExtract(payload);
    if (extraction !== undefined) return extraction;
    const match = template.interpret(payload);
    return match.ok ? match.extraction : match.mismatch;
  };
  const follow = (route: Route, payload: Record<string, unknown>, kind: EventKind | undefined, at: string) => {
    if (typeof route === 'string') return run(route, payload, kind, at);
    if ('ignore' in route) return ignored(route.ignore);
    return hasPath(payload, route.unless.path) ? run(route.template, payload, kind, at) : ignored(route.unless.ignore);
  };

  const fieldPath = dispatch.by === 'field' ? jsonPath('$', dispatch.field) : '$';
  const fieldRoutes = new Map(dispatch.by === 'field' ? Object.entries(dispatch.routes) : []);
  const keyRoutes = dispatch.by === 'key' ? Object.entries(dispatch.routes).map(([key, route]) => ({ key, route, at: jsonPath('$', key) })) : [];

  return {
    id,
    extract(payload, kind) {
      if (dispatch.by === 'order') return firstMatch(Object.keys(templates), templates, payload, kind, run);
      if (!isObject(payload)) return mismatch('$', `expected an object, found ${describeValue(payload)}`);
      if (dispatch.by === 'field') {
        const at = fieldPath;
        const value = Object.hasOwn(payload, dispatch.field) ? payload[dispatch.field] : undefined;
        const route = typeof value === 'string' ? fieldRoutes.get(value) : undefined;
        if (route === undefined) {
          return mismatch(at, `expected a known ${dispatch.label} (${Object.keys(dispatch.routes).join(', ')}), found ${describeValue(value)}`);
        }
        return follow(route, payload, kind, at);
      }
      for (const { key, route, at } of keyRoutes) {
        if (Object.hasOwn(payload, key)) return follow(route, payload, kind, at);
      }
      const keys = Object.keys(payload);
      const found = keys.length === 0 ? 'no keys' : `the keys ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', ...' : ''}`;
      return mismatch('$', `expected a ${dispatch.label} (one of ${Object.keys(dispatch.routes).slice(0, 3).join(', ')}, ...), found ${found}`);
    },
  };
}

function firstMatch(
  names: string[],
  templates: Readonly<Record<string, CompiledTemplate>>,
  payload: unknown,
  kind: EventKind | undefined,
  run: (name: string, payload: unknown, kind: EventKind | undefined, at: string) => Extraction | PayloadMismatch,
): Extraction | PayloadMismatch {
  const candidates = names.filter((name) => kind === undefined || templates[name]?.kind === kind);
  // Cheaply first; only when none fits is each walked again to say where the first one failed.
  for (const name of candidates) {
    const extraction = templates[name]?.tryExtract(payload);
    if (extraction !== undefined) return extraction;
  }
  let first: PayloadMismatch | undefined;
  for (const name of candidates) {
    const result = run(name, payload, kind, '$');
    if (result.kind !== 'mismatch') return result;
    first ??= result;
  }
  return first ?? mismatch('$', `expected a ${kind ?? 'known'} callback, found none that fits`);
}

function ignored(reason: string): Extraction {
  return { kind: 'ignored', events: [], reason };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasPath(value: unknown, path: string[]): boolean {
  let current = value;
  for (const key of path) {
    if (!isObject(current) || !Object.hasOwn(current, key)) return false;
    current = current[key];
  }
  return current !== null && current !== undefined;
}
