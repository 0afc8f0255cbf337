// TemplateNode -> one JavaScript function that walks a payload in straight-line code, as ajv does for
// schemas, and builds the events right there: the fast path for payloads that fit. It gives up (returns
// undefined) at the first thing that does not fit, without saying why: the interpreting program
// (template-program.ts) is the reference, and the caller runs it to find the path and the reason. Nothing
// from the template becomes code except object keys and placeholder names, both written as JSON string
// literals; literal values are compared by reference to a constants array. Generation recurses over the
// template only, so it is bounded by the template's depth limit.
//
// Own keys only, cheaply: the function reads properties directly (Object.hasOwn costs more than the rest of
// the walk), except keys that Object.prototype has too (toString...), read with Object.hasOwn. An inherited
// value could then only come from a polluted Object.prototype (an enumerable property added to it): while
// it has one, the fast path is not used at all, and the interpreter, which checks every key, decides.
import type { EventKind, Extraction } from '../events.ts';
import { reference, statusEntry, withStatusDetails, zipStatuses } from './build-extraction.ts';
import { holdsEventKey, isBatched } from './event-key.ts';
import type { ExtractedRecord } from './extracted-record.ts';
import { normalizePhone, normalizeSender } from './normalize-phone.ts';
import { normalizeTimestamp } from './normalize-timestamp.ts';
import type { StatusMapper } from './status-mapper.ts';
import type { TemplateNode } from './template-node.ts';
import { violates, type ValueRule } from './value-rules.ts';
import { embeddedJson, NOT_EMBEDDED_JSON } from './embedded-json.ts';

/** The events of a payload that fits, or undefined (the interpreter then says where and why it does not). */
export type FastExtractor = (payload: unknown) => Extraction | undefined;

export interface ExtractorOptions {
  kind: EventKind;
  rules: Readonly<Record<string, ValueRule>>;
  statusOf: StatusMapper;
  /** Mark inbound events binary (never keyword-matched). */
  binary: boolean;
  /** The template places {{mediaUrl}}: the caption may be absent, and events carry mediaUrl. */
  media: boolean;
  /** Placeholders beyond the standard ones (Infobip's seenAt): their values are what statusOf sees. */
  extras: readonly string[];
}

/** Where the values a level gathers go: its own code and status lists, and the placeholders it declares. */
interface Level {
  codes: ValueList;
  statuses: ValueList;
  names: string[];
}

/**
 * {{failureCode}} or {{feedbackStatus}} values of one level, in payload order. Their number is known when
 * none sits in an array, and then the event lists the variables that hold them; otherwise they are pushed.
 */
interface ValueList {
  array: string;
  pushed: boolean;
  sites: string[];
}

export function generateExtractor(root: TemplateNode, options: ExtractorOptions): FastExtractor {
  const { kind, rules } = options;
  const constants: unknown[] = [];
  const variables = new Map<string, string>();
  let temporaries = 0;
  const fresh = (prefix: string) => `${prefix}${temporaries++}`;
  const variable = (name: string): string => {
    let found = variables.get(name);
    if (found === undefined) {
      found = `v${variables.size}`;
      variables.set(name, found);
    }
    return found;
  };

  const holdsKey = (node: TemplateNode): boolean => holdsEventKey(node, kind);

  /** Reads a property (see above), or undefined when the holder is null/undefined. */
  const member = (holder: string, name: string, holderMayBeNullish: boolean): string => {
    const literal = JSON.stringify(name);
    // A key Object.prototype has too (toString, constructor...) is read as the interpreter reads it.
    const read =
      name in Object.prototype
        ? `(hasOwn(${holder}, ${literal}) ? ${holder}[${literal}] : undefined)`
        : `${holder}[${literal}]`;
    return holderMayBeNullish ? `(${holder} != null ? ${read} : undefined)` : read;
  };
  const objectCheck = (value: string) =>
    `if (${value} != null && (typeof ${value} !== 'object' || Array.isArray(${value}))) return undefined;`;

  /** Statements that check `value` against a subtree holding no event key, adding what it finds to `level`. */
  /**
   * `otherType`: the statement for a literal condition that does not hold: give up outside a batch; inside one,
   * count the element as an event of another type and go on with the next (the interpreter ignores it too).
   */
  const plain = (
    node: TemplateNode,
    value: string,
    level: Level,
    inList: boolean,
    nullish: boolean,
    otherType = GIVE_UP,
  ): string => {
    switch (node.type) {
      case 'placeholder':
        return placeholder(node.name, value, level, inList);
      case 'literal':
        constants.push(node.value);
        return `if (${value} !== K[${constants.length - 1}]) ${otherType}`;
      case 'object': {
        const lines = nullish ? [objectCheck(value)] : [];
        for (const { key: name, value: child } of node.members) {
          const held = fresh('t');
          lines.push(
            `const ${held} = ${member(value, name, nullish)};`,
            plain(child, held, level, inList, true, otherType),
          );
        }
        return lines.join('\n');
      }
      case 'array': {
        if (node.element === null) return `if (${value} != null && !Array.isArray(${value})) return undefined;`;
        const index = fresh('i');
        const element = fresh('e');
        return [
          `if (${value} != null) {`,
          `if (!Array.isArray(${value})) return undefined;`,
          `for (let ${index} = 0; ${index} < ${value}.length; ${index}++) {`,
          `const ${element} = ${value}[${index}];`,
          plain(node.element, element, level, true, true, otherType),
          '}',
          '}',
        ].join('\n');
      }
      case 'each': {
        const items = fresh('a');
        const index = fresh('i');
        const element = fresh('e');
        return [
          `if (${value} != null) {`,
          `const ${items} = Array.isArray(${value}) ? ${value} : [${value}];`,
          `for (let ${index} = 0; ${index} < ${items}.length; ${index}++) {`,
          `const ${element} = ${items}[${index}];`,
          plain(node.element, element, level, true, true, otherType),
          '}',
          '}',
        ].join('\n');
      }
      case 'embedded': {
        const parsed = fresh('j');
        return [
          `const ${parsed} = embeddedJson(${value});`,
          `if (${parsed} === NOT_EMBEDDED_JSON) return undefined;`,
          plain(node.inner, parsed, level, inList, true, otherType),
        ].join('\n');
      }
    }
  };

  const placeholder = (name: string, value: string, level: Level, inList: boolean): string => {
    const rule = JSON.stringify(rules[name] ?? 'code');
    const check = `if (typeof ${value} !== 'string' && ${value} != null && violates(${rule}, ${value}) !== undefined) return undefined;`;
    if (name === 'failureCode' || name === 'feedbackStatus') {
      const list = name === 'failureCode' ? level.codes : level.statuses;
      list.sites.push(`${value} ?? null`);
      return list.pushed ? `${check}\n${list.array}.push(${value} ?? null);` : check;
    }
    const target = variable(name);
    level.names.push(target);
    // Outside a batch, an array's first element provides the value.
    return inList
      ? `${check}\nif (${target} === undefined) ${target} = ${value} ?? null;`
      : `${check}\n${target} = ${value} ?? null;`;
  };

  /** Whether `name` sits in an array of a subtree that holds no event key (a list). */
  const listed = (node: TemplateNode, name: string, inArray = false): boolean =>
    node.type === 'placeholder'
      ? inArray && node.name === name
      : node.type === 'object'
        ? node.members.some((entry) => listed(entry.value, name, inArray))
        : node.type === 'array'
          ? node.element !== null && listed(node.element, name, true)
          : node.type === 'embedded'
            ? listed(node.inner, name, inArray)
            : node.type === 'each'
              ? listed(node.element, name, true)
              : false;
  /** A level for the values of `subtrees`. */
  const newLevel = (subtrees: TemplateNode[]): Level => ({
    codes: { array: fresh('c'), pushed: subtrees.some((node) => listed(node, 'failureCode')), sites: [] },
    statuses: { array: fresh('s'), pushed: subtrees.some((node) => listed(node, 'feedbackStatus')), sites: [] },
    names: [],
  });
  /** Declarations go before the statements, once the statements have said what they use. */
  const declare = (level: Level, statements: string): string =>
    [
      level.names.length > 0 ? `let ${level.names.join(', ')};` : '',
      level.codes.pushed ? `const ${level.codes.array} = [];` : '',
      level.statuses.pushed ? `const ${level.statuses.array} = [];` : '',
      statements,
    ].join('\n');

  const valueOf = (name: string): string => {
    const target = variables.get(name);
    return target === undefined ? 'null' : `(${target} ?? null)`;
  };
  /** The codes or statuses of an event's levels, for zipStatuses: NONE, one array, or an array literal. */
  const listOf = (levels: Level[], direct: boolean, pick: (level: Level) => ValueList): string => {
    const present = levels.filter((level) => pick(level).sites.length > 0);
    const [only] = present;
    if (only === undefined) return 'NONE';
    if (present.length === 1 && pick(only).pushed && direct && only === levels.at(-1)) return pick(only).array;
    return `[${present.map((level) => (pick(level).pushed ? `...${pick(level).array}` : pick(level).sites.join(', '))).join(', ')}]`;
  };
  /** Every site of a list, when none sits in an array (so their number is known here). */
  const staticSites = (levels: Level[], pick: (level: Level) => ValueList): string[] | undefined =>
    levels.some((level) => pick(level).pushed) ? undefined : levels.flatMap((level) => pick(level).sites);

  /** The event the values gathered so far make, or a statement that gives up when a required one is missing. */
  const inboundEvent = (): { guard: string; event: string } => {
    const required = ['profileNumber', ...(options.media ? [] : ['inboundMessage']), 'requestId'].map(
      (name) => `${valueOf(name)} === null`,
    );
    // No phone number as the sender: the interpreter says where (build-extraction.ts refuses it).
    required.push(`normalizePhone(${valueOf('profileNumber')}) === null`);
    const [message, profile, request, origin, sender] = [
      'inboundMessage',
      'profileNumber',
      'requestId',
      'originTimestamp',
      'inboundNumber',
    ].map(valueOf);
    const normalized = `normalized: { profileNumber: normalizePhone(${profile}), inboundNumber: normalizeSender(${sender}), originTimestamp: normalizeTimestamp(${origin}) }`;
    const fields = `inboundMessage: ${message}, profileNumber: ${profile}, requestId: ${request}, originTimestamp: ${origin}, inboundNumber: ${sender}, ${normalized}`;
    const marks =
      (options.binary ? ', binary: true' : '') + (options.media ? `, mediaUrl: reference(${valueOf('mediaUrl')})` : '');
    const reference = variables.get('clientReference');
    // Whole literals (rather than keys added later) keep every event of a template one shape.
    const event =
      reference === undefined
        ? `{ ${fields}${marks} }`
        : `(${reference} === undefined ? { ${fields}${marks} } : { ${fields}, clientReference: reference(${reference})${marks} })`;
    return { guard: `if (${required.join(' || ')}) return undefined;`, event };
  };

  const feedbackEvent = (levels: Level[], direct: boolean, batched: boolean): { guard: string; event: string } => {
    const extras = options.extras
      .filter((name) => variables.has(name))
      .map((name) => `${JSON.stringify(name)}: ${variables.get(name)}`);
    const values = extras.length === 0 ? 'NO_VALUES' : `{ ${extras.join(', ')} }`;
    const codeSites = staticSites(levels, (level) => level.codes);
    const statusSites = staticSites(levels, (level) => level.statuses);
    let statuses: string;
    if (codeSites !== undefined && statusSites !== undefined) {
      const length = Math.max(1, codeSites.length, statusSites.length);
      const entries = Array.from(
        { length },
        (_, i) => `statusEntry(${codeSites[i] ?? 'null'}, ${statusSites[i] ?? 'null'}, ${values})`,
      );
      statuses = `[${entries.join(', ')}]`;
    } else {
      statuses = `zipStatuses(${listOf(levels, direct, (level) => level.codes)}, ${listOf(levels, direct, (level) => level.statuses)}, ${values})`;
    }
    // Outside a batch, a payload with no value at all is not the callback the template describes.
    let guard = '';
    if (!batched) {
      const empty = [
        ...[...variables.values()].map((target) => `(${target} ?? null) === null`),
        ...levels
          .flatMap((level) => [level.codes, level.statuses])
          .map((list) =>
            list.pushed ? `allNull(${list.array})` : list.sites.map((site) => `(${site}) === null`).join(' && '),
          )
          .filter((test) => test !== ''),
      ];
      guard = empty.length === 0 ? 'return undefined;' : `if (${empty.join(' && ')}) return undefined;`;
    }
    const fields = `clientReference: reference(${variables.get('clientReference') ?? 'null'}), messageId: reference(${variables.get('messageId') ?? 'null'})`;
    const recipient = variables.get('recipient');
    const event =
      recipient === undefined
        ? `{ ${fields}, statuses: ${statuses} }`
        : `(${recipient} === undefined ? { ${fields}, statuses: ${statuses} } : { ${fields}, recipient: reference(${recipient}), statuses: ${statuses} })`;
    const [statusTimestamp, statusDetail] = ['statusTimestamp', 'statusDetail'].map((name) => variables.get(name));
    if (statusTimestamp === undefined && statusDetail === undefined) return { guard, event };
    return {
      guard,
      event: `withStatusDetails(${event}, ${statusTimestamp ?? 'undefined'}, ${statusDetail ?? 'undefined'})`,
    };
  };

  /** Statements that make the event of the values gathered in `levels`: pushed onto `out` in a batch, else returned. */
  const emit = (levels: Level[], direct: boolean, batched: boolean): string => {
    const { guard, event } = kind === 'inbound' ? inboundEvent() : feedbackEvent(levels, direct, batched);
    return batched
      ? `${guard}\nout.push(${event});`
      : `${guard}\nreturn { kind: ${JSON.stringify(kind)}, events: [${event}] };`;
  };

  /** Statements that find the events under `value`; each event holds the values of every level above it. */
  const events = (
    node: TemplateNode,
    value: string,
    levels: Level[],
    direct: boolean,
    nullish: boolean,
    otherType = GIVE_UP,
  ): string => {
    switch (node.type) {
      case 'placeholder': {
        const level = newLevel([]);
        const statements = placeholder(node.name, value, level, false);
        return declare(level, `${statements}\n${emit(levels, direct, true)}`);
      }
      case 'object': {
        const level = newLevel(node.members.filter((entry) => !holdsKey(entry.value)).map((entry) => entry.value));
        const inner = [...levels, level];
        const lines = nullish ? [objectCheck(value)] : [];
        const shared: string[] = [];
        let keyMember: { key: string; value: TemplateNode } | undefined;
        for (const entry of node.members) {
          if (holdsKey(entry.value)) {
            keyMember = entry;
            continue;
          }
          const held = fresh('t');
          shared.push(
            `const ${held} = ${member(value, entry.key, nullish)};`,
            plain(entry.value, held, level, false, true, otherType),
          );
        }
        if (keyMember === undefined) throw new Error('internal: the key placeholder vanished from its object');
        const held = fresh('t');
        shared.push(
          `const ${held} = ${member(value, keyMember.key, nullish)};`,
          events(keyMember.value, held, inner, true, true, otherType),
        );
        lines.push('{', declare(level, shared.join('\n')), '}');
        return lines.join('\n');
      }
      case 'array': {
        if (node.element === null) throw new Error('internal: an empty array cannot hold the key placeholder');
        const index = fresh('i');
        const element = fresh('e');
        const batch = fresh('b');
        return [
          `if (!Array.isArray(${value})) return undefined;`,
          `${batch}: for (let ${index} = 0; ${index} < ${value}.length; ${index}++) {`,
          `const ${element} = ${value}[${index}];`,
          events(node.element, element, levels, false, true, `{ ignored++; continue ${batch}; }`),
          '}',
        ].join('\n');
      }
      case 'each': {
        // One event, or an array of them: a bare one is a batch of one.
        const items = fresh('a');
        const index = fresh('i');
        const element = fresh('e');
        const batch = fresh('b');
        return [
          `const ${items} = Array.isArray(${value}) ? ${value} : [${value}];`,
          `${batch}: for (let ${index} = 0; ${index} < ${items}.length; ${index}++) {`,
          `const ${element} = ${items}[${index}];`,
          events(node.element, element, levels, false, true, `{ ignored++; continue ${batch}; }`),
          '}',
        ].join('\n');
      }
      case 'embedded': {
        const parsed = fresh('j');
        return [
          `const ${parsed} = embeddedJson(${value});`,
          `if (${parsed} === NOT_EMBEDDED_JSON) return undefined;`,
          events(node.inner, parsed, levels, direct, true, otherType),
        ].join('\n');
      }
      case 'literal':
        throw new Error('internal: a literal cannot hold the key placeholder');
    }
  };

  const rootCheck =
    root.type === 'object'
      ? `if (p === null || typeof p !== 'object' || Array.isArray(p)) return undefined;`
      : root.type === 'array'
        ? 'if (!Array.isArray(p)) return undefined;'
        : '';
  let body: string;
  if (isBatched(root, kind)) {
    const kindLiteral = JSON.stringify(kind);
    body = `const out = [];\nlet ignored = 0;\n${events(root, 'p', [], false, root.type !== 'object')}\nreturn ignored > 0 ? { kind: ${kindLiteral}, events: out, ignored } : { kind: ${kindLiteral}, events: out };`;
  } else {
    const level = newLevel([root]);
    const statements = plain(root, 'p', level, false, root.type !== 'object');
    body = declare(level, `${statements}\n${emit([level], true, false)}`);
  }
  const statusOf = options.statusOf;
  const helpers = {
    hasOwn: Object.hasOwn,
    PROBE: {},
    K: constants,
    violates,
    NONE,
    NO_VALUES,
    normalizePhone,
    normalizeSender,
    normalizeTimestamp,
    reference,
    statusEntry: (code: unknown, status: unknown, values: ExtractedRecord['values']) =>
      statusEntry(code, status, values, statusOf),
    zipStatuses: (codes: readonly unknown[], statuses: readonly unknown[], values: ExtractedRecord['values']) =>
      zipStatuses(codes, statuses, values, statusOf),
    allNull,
    withStatusDetails,
    embeddedJson,
    NOT_EMBEDDED_JSON,
  };
  // An empty object has an enumerable key only when Object.prototype has gained one (pollution).
  const pollutionGate = 'for (const inherited in PROBE) return undefined;';
  const source = `'use strict';\nconst { ${Object.keys(helpers).join(', ')} } = environment;\nreturn function extract(p) {\n${pollutionGate}\n${rootCheck}\n${body}\n};`;
  const build = new Function('environment', source) as (environment: typeof helpers) => FastExtractor;
  return build(helpers);
}

function allNull(list: readonly unknown[]): boolean {
  for (const value of list) if (value !== null && value !== undefined) return false;
  return true;
}

/** What a literal condition that does not hold does outside a batch. */
const GIVE_UP = 'return undefined;';

/** The values a status mapper sees when the template places no extra placeholder. */
const NO_VALUES: ExtractedRecord['values'] = Object.freeze({});

/** The code or status list of an event that has none (shared: zipStatuses only reads it). */
const NONE: readonly unknown[] = Object.freeze([]);
