// TemplateNode -> one JavaScript function that walks a payload in straight-line code, as ajv does for
// schemas: the fast path for payloads that fit. It gives up (returns undefined) at the first thing that does
// not fit, without saying why: the interpreting program (template-program.ts) is the reference, and the
// caller runs it to find the path and the reason. Nothing from the template becomes code except object keys
// and placeholder names, both written as JSON string literals; literal values are compared by reference to
// a constants array. Generation recurses over the template only, so it is bounded by the template's depth limit.
//
// Own keys only, cheaply: the function reads properties directly (Object.hasOwn costs more than the rest of
// the walk), except keys that Object.prototype has too (toString...), read with Object.hasOwn. An inherited
// value could then only come from a polluted Object.prototype (an enumerable property added to it): while
// it has one, the fast path is not used at all, and the interpreter, which checks every key, decides.
import type { EventKind } from '../events.ts';
import { holdsEventKey, isBatched } from './event-key.ts';
import type { ExtractedRecord } from './extracted-record.ts';
import type { TemplateNode } from './template-node.ts';
import { violates, type ValueRule } from './value-rules.ts';

export type FastExtractor = (payload: unknown) => ExtractedRecord[] | undefined;

/** Where the values a level gathers go: its own code and status lists, and the placeholders it declares. */
interface Level {
  codes: ValueList;
  statuses: ValueList;
  names: string[];
}

/**
 * {{failureCode}} or {{feedbackStatus}} values of one level, in payload order. Their number is known when
 * none sits in an array, and then the record lists the variables that hold them; otherwise they are pushed.
 */
interface ValueList {
  array: string;
  pushed: boolean;
  sites: string[];
}

export function generateExtractor(root: TemplateNode, kind: EventKind, rules: Readonly<Record<string, ValueRule>>): FastExtractor {
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
    const read = name in Object.prototype ? `(hasOwn(${holder}, ${literal}) ? ${holder}[${literal}] : undefined)` : `${holder}[${literal}]`;
    return holderMayBeNullish ? `(${holder} != null ? ${read} : undefined)` : read;
  };
  const objectCheck = (value: string) => `if (${value} != null && (typeof ${value} !== 'object' || Array.isArray(${value}))) return undefined;`;

  /** Statements that check `value` against a subtree holding no event key, adding what it finds to `level`. */
  const plain = (node: TemplateNode, value: string, level: Level, inList: boolean, nullish: boolean): string => {
    switch (node.type) {
      case 'placeholder':
        return placeholder(node.name, value, level, inList);
      case 'literal':
        constants.push(node.value);
        return `if (${value} !== K[${constants.length - 1}]) return undefined;`;
      case 'object': {
        const lines = nullish ? [objectCheck(value)] : [];
        for (const { key: name, value: child } of node.members) {
          const held = fresh('t');
          lines.push(`const ${held} = ${member(value, name, nullish)};`, plain(child, held, level, inList, true));
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
          plain(node.element, element, level, true, true),
          '}',
          '}',
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
    return inList ? `${check}\nif (${target} === undefined) ${target} = ${value} ?? null;` : `${check}\n${target} = ${value} ?? null;`;
  };

  /** Whether `name` sits in an array of a subtree that holds no event key (a list). */
  const listed = (node: TemplateNode, name: string, inArray = false): boolean =>
    node.type === 'placeholder' ? inArray && node.name === name
      : node.type === 'object' ? node.members.some((entry) => listed(entry.value, name, inArray))
        : node.type === 'array' ? node.element !== null && listed(node.element, name, true) : false;
  /** A level for the values of `subtrees`. */
  const newLevel = (subtrees: TemplateNode[]): Level => ({
    codes: { array: fresh('c'), pushed: subtrees.some((node) => listed(node, 'failureCode')), sites: [] },
    statuses: { array: fresh('s'), pushed: subtrees.some((node) => listed(node, 'feedbackStatus')), sites: [] },
    names: [],
  });
  /** Declarations go before the statements, once the statements have said what they use. */
  const declare = (level: Level, statements: string): string => [
    level.names.length > 0 ? `let ${level.names.join(', ')};` : '',
    level.codes.pushed ? `const ${level.codes.array} = [];` : '',
    level.statuses.pushed ? `const ${level.statuses.array} = [];` : '',
    statements,
  ].join('\n');

  /** `direct`: the key sits right in the innermost level's object, whose lists are then this event's own. */
  const record = (levels: Level[], direct: boolean): string => {
    const list = (pick: (level: Level) => ValueList) => {
      const present = levels.filter((level) => pick(level).sites.length > 0);
      const [only] = present;
      if (only === undefined) return 'NONE';
      if (present.length === 1 && pick(only).pushed && direct && only === levels.at(-1)) return pick(only).array;
      return `[${present.map((level) => (pick(level).pushed ? `...${pick(level).array}` : pick(level).sites.join(', '))).join(', ')}]`;
    };
    const values = [...variables].map(([name, target]) => `${JSON.stringify(name)}: ${target}`).join(', ');
    return `{ values: { ${values} }, codes: ${list((level) => level.codes)}, statuses: ${list((level) => level.statuses)} }`;
  };

  /** Statements that find the events under `value`; each event's record holds every level's values. */
  const events = (node: TemplateNode, value: string, levels: Level[], direct: boolean, nullish: boolean): string => {
    switch (node.type) {
      case 'placeholder': {
        const level = newLevel([]);
        const statements = placeholder(node.name, value, level, false);
        return declare(level, `${statements}\nout.push(${record(levels, direct)});`);
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
          shared.push(`const ${held} = ${member(value, entry.key, nullish)};`, plain(entry.value, held, level, false, true));
        }
        if (keyMember === undefined) throw new Error('internal: the key placeholder vanished from its object');
        const held = fresh('t');
        shared.push(
          `const ${held} = ${member(value, keyMember.key, nullish)};`,
          events(keyMember.value, held, inner, true, true),
        );
        lines.push('{', declare(level, shared.join('\n')), '}');
        return lines.join('\n');
      }
      case 'array': {
        if (node.element === null) throw new Error('internal: an empty array cannot hold the key placeholder');
        const index = fresh('i');
        const element = fresh('e');
        return [
          `if (!Array.isArray(${value})) return undefined;`,
          `for (let ${index} = 0; ${index} < ${value}.length; ${index}++) {`,
          `const ${element} = ${value}[${index}];`,
          events(node.element, element, levels, false, true),
          '}',
        ].join('\n');
      }
      case 'literal':
        throw new Error('internal: a literal cannot hold the key placeholder');
    }
  };

  const rootCheck = root.type === 'object'
    ? `if (p === null || typeof p !== 'object' || Array.isArray(p)) return undefined;`
    : root.type === 'array' ? 'if (!Array.isArray(p)) return undefined;' : '';
  let body: string;
  if (isBatched(root, kind)) {
    body = `const out = [];\n${events(root, 'p', [], false, root.type !== 'object')}\nreturn out;`;
  } else {
    const level = newLevel([root]);
    const statements = plain(root, 'p', level, false, root.type !== 'object');
    body = declare(level, `${statements}\nreturn [${record([level], true)}];`);
  }
  // An empty object has an enumerable key only when Object.prototype has gained one (pollution).
  const pollutionGate = 'for (const inherited in PROBE) return undefined;';
  const source = `'use strict';\nreturn function extract(p) {\n${pollutionGate}\n${rootCheck}\n${body}\n};`;
  const build = new Function('hasOwn', 'PROBE', 'K', 'violates', 'NONE', source) as (
    hasOwn: (value: object, key: PropertyKey) => boolean,
    probe: object,
    constants: readonly unknown[],
    check: typeof violates,
    none: readonly unknown[],
  ) => FastExtractor;
  return build(Object.hasOwn, {}, constants, violates, NONE);
}

/** The code or status list of a record that has none (shared: records are never changed after the walk). */
const NONE: readonly unknown[] = Object.freeze([]);
