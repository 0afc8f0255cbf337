// TemplateNode -> a tree of small matcher closures, built once per template. Running it walks only the
// template's shape (so recursion is bounded by the template's depth limit), reads own keys only, and
// yields one raw record per event or the first path that does not fit. It is the reference semantics:
// generate-extractor.ts is the fast path for payloads that fit, and this says where and why one does not.
import { jsonPath } from '../json/parse-json-body.ts';
import type { EventKind } from '../events.ts';
import type { ExtractedRecord } from './extracted-record.ts';
import { describeValue, mismatch, type PayloadMismatch } from './payload-mismatch.ts';
import { holdsEventKey, isBatched } from './event-key.ts';
import type { TemplateNode } from './template-node.ts';
import { violates, type ValueRule } from './value-rules.ts';
import { isRecord } from '../json/is-record.ts';
import { embeddedJson, NOT_EMBEDDED_JSON, whyNotEmbeddedJson } from './embedded-json.ts';

/** An event's values, and where it sits. */
export interface RawRecord extends ExtractedRecord {
  values: Record<string, unknown>;
  codes: unknown[];
  statuses: unknown[];
  /** Element index in each batch array on the way to this event, outermost first. */
  eventIndices: number[];
}

/** `ignored`: batch elements that failed only at a literal condition: well-formed events of another type. */
export type ProgramResult =
  { ok: true; records: RawRecord[]; ignored: number } | { ok: false; mismatch: PayloadMismatch };

export interface TemplateProgram {
  /** The event key sits in an array: every element of it is its own event. */
  batched: boolean;
  run(payload: unknown): ProgramResult;
  /** Where a placeholder sits for this record, e.g. $.results[1].from (for messages). */
  pathOf(name: string, record: RawRecord): string;
}

type Segment = { key: string } | { array: 'batch' | 'list' };

interface Context {
  indices: number[];
  failure: PayloadMismatch | null;
  /** The failure is a literal condition that did not hold (the payload is another type of event). */
  otherType: boolean;
  ignored: number;
}

type Match = (value: unknown, record: RawRecord, context: Context) => boolean;
type MatchEvents = (value: unknown, context: Context) => RawRecord[] | null;

export function buildProgram(
  root: TemplateNode,
  kind: EventKind,
  rules: Readonly<Record<string, ValueRule>>,
): TemplateProgram {
  const sites = new Map<string, Segment[]>();

  const fail = (context: Context, segments: Segment[], message: string, otherType = false): false => {
    context.failure = mismatch(render(segments, context.indices, 'list'), message);
    context.otherType = otherType;
    return false;
  };

  const holdsKey = (node: TemplateNode): boolean => holdsEventKey(node, kind);

  const placeholderMatch = (name: string, segments: Segment[]): Match => {
    sites.set(name, segments);
    const rule = rules[name] ?? 'code';
    const where = `{{${name}}}`;
    const assign =
      name === 'failureCode'
        ? (value: unknown, record: RawRecord) => void record.codes.push(value)
        : name === 'feedbackStatus'
          ? (value: unknown, record: RawRecord) => void record.statuses.push(value)
          : (value: unknown, record: RawRecord) => {
              // Outside a batch, an array's first element provides the value.
              if (record.values[name] === undefined) record.values[name] = value;
            };
    return (value, record, context) => {
      if (typeof value !== 'string') {
        const problem = violates(rule, value);
        if (problem !== undefined)
          return fail(context, segments, `expected ${problem} for ${where}, found ${describeValue(value)}`);
      }
      assign(value ?? null, record);
      return true;
    };
  };

  const plain = (node: TemplateNode, segments: Segment[]): Match => {
    switch (node.type) {
      case 'placeholder':
        return placeholderMatch(node.name, segments);
      case 'literal': {
        const expected = node.value;
        return (value, _record, context) =>
          value === expected ||
          fail(context, segments, `expected ${JSON.stringify(expected)}, found ${describeValue(value)}`, true);
      }
      case 'object': {
        const members = node.members.map((member) => ({
          key: member.key,
          match: plain(member.value, [...segments, { key: member.key }]),
        }));
        return (value, record, context) => {
          if (value !== undefined && value !== null && !isRecord(value)) {
            return fail(context, segments, `expected an object, found ${describeValue(value)}`);
          }
          for (const member of members) {
            if (!member.match(ownValue(value, member.key), record, context)) return false;
          }
          return true;
        };
      }
      case 'array': {
        const element = node.element === null ? null : plain(node.element, [...segments, { array: 'list' }]);
        return (value, record, context) => {
          if (value === undefined || value === null) return true;
          if (!Array.isArray(value)) return fail(context, segments, `expected an array, found ${describeValue(value)}`);
          if (element === null) return true;
          const depth = context.indices.push(0) - 1;
          for (let i = 0; i < value.length; i++) {
            context.indices[depth] = i;
            if (!element(value[i], record, context)) return false;
          }
          context.indices.pop();
          return true;
        };
      }
      case 'each': {
        // One element, or an array of them: a bare one sits at index -1, which paths leave out.
        const element = plain(node.element, [...segments, { array: 'list' }]);
        return (value, record, context) => {
          if (value === undefined || value === null) return true;
          const bare = !Array.isArray(value);
          const items: unknown[] = bare ? [value] : value;
          const depth = context.indices.push(0) - 1;
          for (let i = 0; i < items.length; i++) {
            context.indices[depth] = bare ? -1 : i;
            if (!element(items[i], record, context)) return false;
          }
          context.indices.pop();
          return true;
        };
      }
      case 'embedded': {
        const inner = plain(node.inner, segments);
        return (value, record, context) => {
          const parsed = embeddedJson(value);
          if (parsed === NOT_EMBEDDED_JSON) return fail(context, segments, whyNotEmbeddedJson(value));
          return inner(parsed, record, context);
        };
      }
    }
  };

  const events = (node: TemplateNode, segments: Segment[]): MatchEvents => {
    switch (node.type) {
      case 'placeholder': {
        const match = placeholderMatch(node.name, segments);
        return (value, context) => {
          const record = emptyRecord(context.indices.slice());
          return match(value, record, context) ? [record] : null;
        };
      }
      case 'object': {
        let inner: { key: string; match: MatchEvents } | undefined;
        const shared: Array<{ key: string; match: Match }> = [];
        for (const member of node.members) {
          const memberSegments = [...segments, { key: member.key }];
          if (holdsKey(member.value)) inner = { key: member.key, match: events(member.value, memberSegments) };
          else shared.push({ key: member.key, match: plain(member.value, memberSegments) });
        }
        const keyMember = inner;
        if (keyMember === undefined) throw new Error('internal: the key placeholder vanished from its object');
        return (value, context) => {
          if (value !== undefined && value !== null && !isRecord(value)) {
            fail(context, segments, `expected an object, found ${describeValue(value)}`);
            return null;
          }
          const common = emptyRecord([]);
          for (const member of shared) {
            if (!member.match(ownValue(value, member.key), common, context)) return null;
          }
          const found = keyMember.match(ownValue(value, keyMember.key), context);
          if (found === null) return null;
          for (const record of found) absorb(record, common);
          return found;
        };
      }
      case 'each':
      case 'array': {
        const child = node.element;
        const element = child === null ? null : events(child, [...segments, { array: 'batch' }]);
        const each = node.type === 'each';
        return (value, context) => {
          if (!each && !Array.isArray(value)) {
            fail(context, segments, `expected an array of events, found ${describeValue(value)}`);
            return null;
          }
          // {{each}}: a bare event is a batch of one, at index -1, which paths leave out.
          const bare = !Array.isArray(value);
          const items: unknown[] = Array.isArray(value) ? value : [value];
          const found: RawRecord[] = [];
          const depth = context.indices.push(0) - 1;
          for (let i = 0; i < items.length && element !== null; i++) {
            context.indices[depth] = bare ? -1 : i;
            const records = element(items[i], context);
            if (records === null) {
              if (!context.otherType) return null;
              // An element of another type (a literal condition failed): ignored, and counted.
              context.ignored++;
              context.failure = null;
              context.otherType = false;
              context.indices.length = depth + 1;
              continue;
            }
            for (const record of records) found.push(record);
          }
          context.indices.pop();
          return found;
        };
      }
      case 'embedded': {
        // Paths inside the string go on as if its JSON were nested there: $.Message.messageId.
        const inner = events(node.inner, segments);
        return (value, context) => {
          const parsed = embeddedJson(value);
          if (parsed !== NOT_EMBEDDED_JSON) return inner(parsed, context);
          fail(context, segments, whyNotEmbeddedJson(value));
          return null;
        };
      }
      case 'literal':
        throw new Error('internal: a literal cannot hold the key placeholder');
    }
  };

  let run: (payload: unknown, context: Context) => RawRecord[] | null;
  const batched = isBatched(root, kind);
  if (batched) {
    run = events(root, []);
  } else {
    const match = plain(root, []);
    run = (payload, context) => {
      const record = emptyRecord([]);
      return match(payload, record, context) ? [record] : null;
    };
  }
  const rootKind = root.type === 'array' ? 'an array' : root.type === 'object' ? 'an object' : undefined;

  return {
    batched,
    run(payload) {
      if (
        rootKind !== undefined &&
        (payload === null ||
          payload === undefined ||
          typeof payload !== 'object' ||
          Array.isArray(payload) !== (root.type === 'array'))
      ) {
        return { ok: false, mismatch: mismatch('$', `expected ${rootKind}, found ${describeValue(payload)}`) };
      }
      const context: Context = { indices: [], failure: null, otherType: false, ignored: 0 };
      const records = run(payload, context);
      if (records === null) {
        return { ok: false, mismatch: context.failure ?? mismatch('$', 'the payload does not fit the template') };
      }
      return { ok: true, records, ignored: context.ignored };
    },
    pathOf(name, record) {
      return render(sites.get(name) ?? [], record.eventIndices, 'batch');
    },
  };
}

/** Renders a path; `indexed` arrays take their indices in order, the others show [0]. */
function render(segments: Segment[], indices: number[], indexed: 'batch' | 'list'): string {
  let path = '$';
  let next = 0;
  for (const segment of segments) {
    if ('key' in segment) path = jsonPath(path, segment.key);
    else if (indexed === 'list' || segment.array === 'batch') {
      const index = indices[next++] ?? 0;
      if (index >= 0) path += `[${index}]`; // -1: a bare {{each}} element
    } else path += '[0]';
  }
  return path;
}

function emptyRecord(eventIndices: number[]): RawRecord {
  return { values: Object.create(null) as Record<string, unknown>, codes: [], statuses: [], eventIndices };
}

/** Adds the values shared by a batch (outside its array) to one of its events. */
function absorb(record: RawRecord, common: RawRecord): void {
  for (const name in common.values) if (record.values[name] === undefined) record.values[name] = common.values[name];
  if (common.codes.length > 0) record.codes.unshift(...common.codes);
  if (common.statuses.length > 0) record.statuses.unshift(...common.statuses);
}

function ownValue(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}
