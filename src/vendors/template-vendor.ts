// Builds a vendor's CallbackExtractor from its templates and a dispatch table that picks the template for a callback.
import type { EventKind, Extraction } from '../events.ts';
import { extractOrMismatch } from '../template/compile-template.ts';
import type { CompiledTemplate } from '../template/compiled-template.ts';
import { describeValue, mismatch, type PayloadMismatch } from '../template/payload-mismatch.ts';
import { jsonPath } from '../json/parse-json-body.ts';
import type { CallbackExtractor } from './callback-extractor.ts';
import { isRecord } from '../json/is-record.ts';

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

/** A route with its template looked up once, when the vendor is built; one shape for every route. */
interface Resolved {
  template: CompiledTemplate | null;
  name: string;
  /** Acknowledge without events, for this reason (always, or when `unlessPath` is missing). */
  ignore: string | null;
  unlessPath: string[] | null;
}

export function templateVendor(spec: VendorSpec): CallbackExtractor {
  const { id, templates, dispatch } = spec;
  const templateNamed = (name: string): CompiledTemplate => {
    const template = Object.hasOwn(templates, name) ? templates[name] : undefined;
    if (template === undefined) throw new Error(`internal: ${id} routes to a missing template ${name}`);
    return template;
  };
  const resolve = (route: Route): Resolved =>
    typeof route === 'string'
      ? { template: templateNamed(route), name: route, ignore: null, unlessPath: null }
      : 'ignore' in route
        ? { template: null, name: '', ignore: route.ignore, unlessPath: null }
        : {
            template: templateNamed(route.template),
            name: route.template,
            ignore: route.unless.ignore,
            unlessPath: route.unless.path,
          };
  const run = (
    template: CompiledTemplate,
    name: string,
    payload: unknown,
    kind: EventKind | undefined,
    at: string,
  ): Extraction | PayloadMismatch => {
    if (kind !== undefined && template.kind !== kind) {
      return mismatch(at, `expected a ${kind} callback, found a ${template.kind} callback (${name})`);
    }
    return extractOrMismatch(template, payload);
  };
  const follow = (route: Resolved, payload: Record<string, unknown>, kind: EventKind | undefined, at: string) => {
    if (route.template === null || (route.unlessPath !== null && !hasPath(payload, route.unlessPath)))
      return ignored(route.ignore ?? '');
    return run(route.template, route.name, payload, kind, at);
  };

  const fieldPath = dispatch.by === 'field' ? jsonPath('$', dispatch.field) : '$';
  const fieldRoutes = new Map(
    dispatch.by === 'field' ? Object.entries(dispatch.routes).map(([value, route]) => [value, resolve(route)]) : [],
  );
  const keyRoutes =
    dispatch.by === 'key'
      ? Object.entries(dispatch.routes).map(([key, route]) => ({ key, route: resolve(route), at: jsonPath('$', key) }))
      : [];
  const ordered = Object.values(templates);
  const orderedFor = {
    any: ordered,
    inbound: ordered.filter((template) => template.kind === 'inbound'),
    feedback: ordered.filter((template) => template.kind === 'feedback'),
  };

  return {
    id,
    extract(payload, kind) {
      if (dispatch.by === 'order') return firstMatch(orderedFor[kind ?? 'any'], payload, kind);
      if (!isRecord(payload)) return mismatch('$', `expected an object, found ${describeValue(payload)}`);
      if (dispatch.by === 'field') {
        const at = fieldPath;
        const value = Object.hasOwn(payload, dispatch.field) ? payload[dispatch.field] : undefined;
        const route = typeof value === 'string' ? fieldRoutes.get(value) : undefined;
        if (route === undefined) {
          return mismatch(
            at,
            `expected a known ${dispatch.label} (${Object.keys(dispatch.routes).join(', ')}), found ${describeValue(value)}`,
          );
        }
        return follow(route, payload, kind, at);
      }
      for (const { key, route, at } of keyRoutes) {
        if (Object.hasOwn(payload, key)) return follow(route, payload, kind, at);
      }
      const keys = Object.keys(payload);
      const found =
        keys.length === 0 ? 'no keys' : `the keys ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', ...' : ''}`;
      return mismatch(
        '$',
        `expected a ${dispatch.label} (one of ${Object.keys(dispatch.routes).slice(0, 3).join(', ')}, ...), found ${found}`,
      );
    },
  };
}

/** `candidates` are the templates of the requested kind already. */
function firstMatch(
  candidates: readonly CompiledTemplate[],
  payload: unknown,
  kind: EventKind | undefined,
): Extraction | PayloadMismatch {
  // Cheaply first; only when none fits is each interpreted to say where the first one failed.
  for (const template of candidates) {
    const extraction = template.tryExtract(payload);
    if (extraction !== undefined) return extraction;
  }
  let first: PayloadMismatch | undefined;
  for (const template of candidates) {
    const match = template.interpret(payload);
    if (match.ok) return match.extraction;
    first ??= match.mismatch;
  }
  return first ?? mismatch('$', `expected a ${kind ?? 'known'} callback, found none that fits`);
}

function ignored(reason: string): Extraction {
  return { kind: 'ignored', events: [], reason };
}

function hasPath(value: unknown, path: string[]): boolean {
  let current = value;
  for (const key of path) {
    if (!isRecord(current) || !Object.hasOwn(current, key)) return false;
    current = current[key];
  }
  return current !== null && current !== undefined;
}
