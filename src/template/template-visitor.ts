// CST -> TemplateNode: decodes strings, resolves placeholder names and reports what the grammar cannot
// (unknown or duplicate placeholders, prototype keys, duplicate keys, placeholders inside text or keys).
import type { CstChildrenDictionary, CstElement, CstNode, IToken } from 'chevrotain';
import { templateParser } from '../../grammar/template-parser.ts';
import { didYouMean } from './did-you-mean.ts';
import { displayName, PLACEHOLDER_NAMES } from './placeholders.ts';
import type { ArrayNode, EachNode, EmbeddedNode, ObjectNode, PlaceholderNode, TemplateNode } from './template-node.ts';
import type { Position, TemplateProblem } from './template-problem.ts';

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Keys that are placeholders, so no literal key of a payload can mean them: `{ "{{json}}": T }` (JSON inside a
 * string) and `{ "{{each}}": T }` (one T or an array of T). Each marker -> what it stands for, for messages.
 */
const MARKERS = { json: 'a string holding JSON', each: 'one value or an array of them' } as const;
type Marker = keyof typeof MARKERS;
const isMarker = (name: string): name is Marker => Object.hasOwn(MARKERS, name);

interface VisitedMember {
  key: string;
  keyAt: Position;
  value: TemplateNode;
  /** The key is a marker. */
  marker: Marker | undefined;
}

export interface VisitContext {
  problems: TemplateProblem[];
  /** Canonical name -> where it was first placed. */
  placed: Map<string, PlaceholderNode>;
  /** Above zero while visiting the value of a refused key. */
  refused: number;
  /** Canonical names written anywhere, even where refused (so a refused one is not also reported missing). */
  mentioned: Set<string>;
  /** Written name -> canonical name, for this compile (the vocabulary plus any built-in extras). */
  names: ReadonlyMap<string, string>;
}

type Visited = TemplateNode | undefined;

interface StringParts {
  text: string;
  placeholders: PlaceholderNode[];
  hasText: boolean;
  position: Position;
}

const BaseVisitor = templateParser.getBaseCstVisitorConstructor<VisitContext, unknown>();

class TemplateVisitor extends BaseVisitor {
  constructor() {
    super();
    this.validateVisitor();
  }

  template(children: CstChildrenDictionary, context: VisitContext): Visited {
    const value = firstNode(children.value);
    return value === undefined ? undefined : this.visitValue(value, context);
  }

  value(children: CstChildrenDictionary, context: VisitContext): Visited {
    const node = firstNode(children.object) ?? firstNode(children.array) ?? firstNode(children.placeholder);
    if (node !== undefined) return this.visit(node, context) as Visited;
    const string = firstNode(children.string);
    if (string !== undefined) {
      const parts = this.visit(string, context) as StringParts | undefined;
      return parts === undefined ? undefined : this.stringValue(parts, context);
    }
    const token =
      firstToken(children.NumberLiteral) ??
      firstToken(children.True) ??
      firstToken(children.False) ??
      firstToken(children.Null);
    if (token === undefined) return undefined;
    return { type: 'literal', value: JSON.parse(token.image) as number | boolean | null, ...positionOf(token) };
  }

  object(children: CstChildrenDictionary, context: VisitContext): ObjectNode | EmbeddedNode | EachNode | undefined {
    const open = firstToken(children.LCurly);
    if (open === undefined) return undefined;
    const members: ObjectNode['members'] = [];
    const seen = new Map<string, Position>();
    const memberNodes = nodes(children.member);
    for (const member of memberNodes) {
      const visited = this.visit(member, context) as VisitedMember | undefined;
      if (visited === undefined) continue;
      if (visited.marker !== undefined) {
        // { "{{json}}": T }: the payload holds a string whose text is JSON, and T applies to that JSON.
        // { "{{each}}": T }: one T, or an array of T.
        if (memberNodes.length === 1) {
          return visited.marker === 'json'
            ? { type: 'embedded', inner: visited.value, ...positionOf(open) }
            : { type: 'each', element: visited.value, ...positionOf(open) };
        }
        context.problems.push({
          ...visited.keyAt,
          message: `"{{${visited.marker}}}" must be the only key of its object: { "{{${visited.marker}}}": ... } stands for ${MARKERS[visited.marker]}`,
          expected: 'one member',
          found: `${memberNodes.length} members`,
        });
        continue;
      }
      const earlier = seen.get(visited.key);
      if (earlier !== undefined) {
        context.problems.push({
          ...visited.keyAt,
          message: `duplicate key ${JSON.stringify(visited.key)}: already used at line ${earlier.line}, column ${earlier.column}`,
          expected: 'each key once per object',
          found: JSON.stringify(visited.key),
        });
        continue;
      }
      seen.set(visited.key, visited.keyAt);
      members.push({ key: visited.key, value: visited.value });
    }
    return { type: 'object', members, ...positionOf(open) };
  }

  member(children: CstChildrenDictionary, context: VisitContext): VisitedMember | undefined {
    const keyNode = firstNode(children.string);
    const valueNode = firstNode(children.value);
    if (keyNode === undefined || valueNode === undefined) return undefined;
    const key = this.visit(keyNode, context) as StringParts | undefined;
    const refusal = key === undefined ? undefined : refuseKey(key);
    if (refusal !== undefined) context.problems.push(refusal);
    // Under a refused key, placeholders are still checked but do not count as placed.
    if (refusal !== undefined) context.refused++;
    const value = this.visitValue(valueNode, context);
    if (refusal !== undefined) context.refused--;
    if (key === undefined || value === undefined || refusal !== undefined) return undefined;
    const [marker] = key.placeholders;
    return {
      key: key.text,
      keyAt: key.position,
      value,
      marker: marker === undefined ? undefined : (marker.name as Marker),
    };
  }

  array(children: CstChildrenDictionary, context: VisitContext): ArrayNode | undefined {
    const open = firstToken(children.LSquare);
    if (open === undefined) return undefined;
    const elements = nodes(children.value);
    const first = elements[0];
    for (const extra of elements.slice(1)) {
      const at = startOf(extra) ?? positionOf(open);
      context.problems.push({
        ...at,
        message: `an array template holds one element, which applies to every element of the payload's array (found ${elements.length})`,
        expected: "']'",
        found: 'a second element',
      });
    }
    const element = first === undefined ? null : this.visitValue(first, context);
    if (element === undefined) return undefined;
    return { type: 'array', element, ...positionOf(open) };
  }

  string(children: CstChildrenDictionary, context: VisitContext): StringParts | undefined {
    const open = firstToken(children.StringStart);
    if (open === undefined) return undefined;
    const parts: Array<{ offset: number; text?: string; placeholder?: CstNode }> = [];
    for (const token of tokens(children.StringText)) parts.push({ offset: token.startOffset, text: token.image });
    for (const token of tokens(children.EscapeSequence)) {
      parts.push({ offset: token.startOffset, text: JSON.parse(`"${token.image}"`) as string });
    }
    for (const node of nodes(children.placeholder)) {
      parts.push({ offset: node.location?.startOffset ?? 0, placeholder: node });
    }
    parts.sort((a, b) => a.offset - b.offset);
    const result: StringParts = { text: '', placeholders: [], hasText: false, position: positionOf(open) };
    for (const part of parts) {
      if (part.text !== undefined) {
        result.text += part.text;
        result.hasText = true;
      } else if (part.placeholder !== undefined) {
        const placeholder = this.visit(part.placeholder, context) as PlaceholderNode | undefined;
        if (placeholder !== undefined) result.placeholders.push(placeholder);
      }
    }
    return result;
  }

  placeholder(children: CstChildrenDictionary, context: VisitContext): PlaceholderNode | undefined {
    const open = firstToken(children.PlaceholderOpen);
    const name = firstToken(children.PlaceholderName);
    if (open === undefined || name === undefined) return undefined;
    const at = positionOf(open);
    // A marker ({{json}}, {{each}}): a key, never a value (refused where it is placed as one).
    if (isMarker(name.image)) return { type: 'placeholder', name: name.image, written: name.image, ...at };
    const canonical = context.names.get(name.image);
    if (canonical === undefined) {
      const suggestion = didYouMean(name.image, context.names.keys());
      // A misspelt field is reported here once, not also as missing.
      const meant = suggestion === undefined ? undefined : context.names.get(suggestion);
      if (meant !== undefined) context.mentioned.add(meant);
      context.problems.push({
        ...at,
        message: `unknown placeholder {{${name.image}}}${suggestion === undefined ? '' : `; did you mean {{${suggestion}}}?`}`,
        expected: `one of ${[...context.names.keys()].map((known) => `{{${known}}}`).join(' ')}`,
        found: `{{${name.image}}}`,
      });
      return undefined;
    }
    context.mentioned.add(canonical);
    return { type: 'placeholder', name: canonical, written: name.image, ...at };
  }

  /** Records a placed placeholder, reporting a second placement of the same field. */
  private place(placeholder: PlaceholderNode, context: VisitContext): PlaceholderNode | undefined {
    if (isMarker(placeholder.name)) {
      context.problems.push({
        line: placeholder.line,
        column: placeholder.column,
        message: `{{${placeholder.name}}} is a key, not a value: write { "{{${placeholder.name}}}": ... } for ${MARKERS[placeholder.name]}`,
        expected: 'a placeholder name',
        found: `{{${placeholder.name}}}`,
      });
      return undefined;
    }
    if (context.refused > 0) return undefined;
    const earlier = context.placed.get(placeholder.name);
    if (earlier !== undefined) {
      const same = earlier.written === placeholder.written ? '' : ` (the same field as {{${earlier.written}}})`;
      context.problems.push({
        line: placeholder.line,
        column: placeholder.column,
        message: `duplicate placeholder {{${placeholder.written}}}${same}: already placed at line ${earlier.line}, column ${earlier.column}`,
        expected: `{{${displayName(placeholder.name)}}} once`,
        found: `a second {{${placeholder.written}}}`,
      });
      return undefined;
    }
    context.placed.set(placeholder.name, placeholder);
    return placeholder;
  }

  private visitValue(node: CstNode, context: VisitContext): Visited {
    const visited = this.visit(node, context) as Visited;
    return visited?.type === 'placeholder' ? this.place(visited, context) : visited;
  }

  private stringValue(parts: StringParts, context: VisitContext): Visited {
    const [placeholder, second] = parts.placeholders;
    if (placeholder === undefined) return { type: 'literal', value: parts.text, ...parts.position };
    if (parts.hasText || second !== undefined) {
      context.problems.push({
        line: placeholder.line,
        column: placeholder.column,
        message: `a placeholder must be the whole string: write "{{${placeholder.written}}}" with nothing else inside the quotes`,
        expected: `"{{${placeholder.written}}}"`,
        found: 'text around the placeholder',
      });
      return undefined;
    }
    return placeholder;
  }
}

const visitor = new TemplateVisitor();

export function visitTemplate(
  cst: CstNode,
  names: ReadonlyMap<string, string> = PLACEHOLDER_NAMES,
): {
  root: TemplateNode | undefined;
  problems: TemplateProblem[];
  placed: Map<string, PlaceholderNode>;
  mentioned: Set<string>;
} {
  const context: VisitContext = { problems: [], placed: new Map(), mentioned: new Set(), refused: 0, names };
  const root = visitor.visit(cst, context) as Visited;
  return { root, problems: context.problems, placed: context.placed, mentioned: context.mentioned };
}

function refuseKey(key: StringParts): TemplateProblem | undefined {
  const [only, second] = key.placeholders;
  if (only !== undefined && isMarker(only.name) && second === undefined && !key.hasText) return undefined;
  if (key.placeholders.length > 0) {
    return {
      ...key.position,
      message: 'a placeholder cannot be a key: placeholders stand for values',
      expected: 'a literal key',
      found: `{{${key.placeholders[0]?.written ?? ''}}}`,
    };
  }
  if (FORBIDDEN_KEYS.has(key.text)) {
    return {
      ...key.position,
      message: `the key ${JSON.stringify(key.text)} is not allowed: templates may not address the prototype chain`,
      expected: 'a key other than "__proto__", "constructor" or "prototype"',
      found: JSON.stringify(key.text),
    };
  }
  return undefined;
}

function isToken(element: CstElement): element is IToken {
  return 'image' in element;
}

function nodes(elements: CstElement[] | undefined): CstNode[] {
  return (elements ?? []).filter((element): element is CstNode => !isToken(element));
}

function tokens(elements: CstElement[] | undefined): IToken[] {
  // Tokens inserted by error recovery have no position: they carry no text.
  return (elements ?? []).filter((element): element is IToken => isToken(element) && !element.isInsertedInRecovery);
}

function firstNode(elements: CstElement[] | undefined): CstNode | undefined {
  return nodes(elements)[0];
}

function firstToken(elements: CstElement[] | undefined): IToken | undefined {
  return tokens(elements)[0];
}

function positionOf(token: IToken): Position {
  return { line: token.startLine ?? 1, column: token.startColumn ?? 1 };
}

function startOf(node: CstNode): Position | undefined {
  const location = node.location;
  if (location?.startLine === undefined || Number.isNaN(location.startLine)) return undefined;
  return { line: location.startLine, column: location.startColumn ?? 1 };
}
