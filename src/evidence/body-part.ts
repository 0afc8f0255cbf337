// What of a callback body belongs to one person. A provider may batch several people's messages into one body
// (Infobip's `results`, say); evidence of one number must never show another's. Each of the person's events is
// found in the body as the innermost array element that holds both its request id and its sender number, as
// extracted (same JSON type and value); JSON held in a string (an AWS SNS `Message`) is searched as if nested
// there, as templates read it. When those elements are all their arrays hold, or the event is the body itself,
// the whole body is theirs; otherwise only their elements are given, by JSON path. Anything not told apart is
// withheld: an unlocated event, or a body that is not JSON.
import { AppError } from '../errors.ts';
import { jsonPath, parseJsonBody } from '../json/parse-json-body.ts';
import { isRecord } from '../json/is-record.ts';

/** One of the person's events as extracted: the values it is found by. */
export interface OwnEvent {
  requestId: unknown;
  profileNumber: unknown;
}

export interface BodyElement {
  path: string;
  value: unknown;
}

export type BodyPart =
  { kind: 'whole' } | { kind: 'elements'; elements: BodyElement[] } | { kind: 'withheld'; reason: string };

/** JSON inside strings is followed at most this deep (SNS nests one level). */
const MAX_EMBEDDED_DEPTH = 3;

interface Node {
  path: string;
  value: unknown;
  /** The array element this node sits in (innermost), with its array's path; null at the top. */
  element: { node: Node; arrayPath: string } | null;
}

export function bodyPartOf(text: string, own: readonly OwnEvent[]): BodyPart {
  let root: unknown;
  try {
    root = parseJsonBody(text);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { kind: 'withheld', reason: 'the body is not JSON: its parts cannot be told apart' };
  }
  const leaves: Node[] = [];
  const arrays = new Map<string, number>(); // path -> element count
  walk({ path: '$', value: root, element: null }, 0, leaves, arrays);

  const located = new Map<string, NonNullable<Node['element']>>(); // element path -> element
  for (const event of own) {
    const element = locate(event, leaves);
    if (element === undefined) {
      return { kind: 'withheld', reason: "this person's message could not be told apart from the rest of the body" };
    }
    if (element === null) return { kind: 'whole' }; // the event is the body itself
    located.set(element.node.path, element);
  }
  const perArray = new Map<string, number>();
  for (const { arrayPath } of located.values()) perArray.set(arrayPath, (perArray.get(arrayPath) ?? 0) + 1);
  if ([...perArray].every(([path, count]) => arrays.get(path) === count)) return { kind: 'whole' };
  return {
    kind: 'elements',
    elements: [...located.values()].map(({ node }) => ({ path: node.path, value: node.value })),
  };
}

/** The element holding the event (null: the whole body holds it); undefined when it is not found. */
function locate(event: OwnEvent, leaves: readonly Node[]): Node['element'] | undefined {
  for (const leaf of leaves) {
    if (!sameLeaf(leaf.value, event.requestId)) continue;
    const scope = leaf.element;
    const holdsNumber = leaves.some(
      (other) => sameLeaf(other.value, event.profileNumber) && within(other, scope?.node ?? null),
    );
    if (holdsNumber) return scope;
  }
  return undefined;
}

function within(node: Node, element: Node | null): boolean {
  if (element === null) return true;
  for (let scope = node.element; scope !== null; scope = scope.node.element) if (scope.node === element) return true;
  return false;
}

function sameLeaf(a: unknown, b: unknown): boolean {
  return (typeof a === 'string' || typeof a === 'number') && a === b;
}

function walk(node: Node, embedded: number, leaves: Node[], arrays: Map<string, number>): void {
  const { value } = node;
  if (Array.isArray(value)) {
    arrays.set(node.path, value.length);
    value.forEach((item, index) => {
      const path = `${node.path}[${index}]`;
      const element: Node = { path, value: item, element: node.element };
      walk({ ...element, element: { node: element, arrayPath: node.path } }, embedded, leaves, arrays);
    });
    return;
  }
  if (isRecord(value)) {
    for (const [key, child] of Object.entries(value))
      walk({ path: jsonPath(node.path, key), value: child, element: node.element }, embedded, leaves, arrays);
    return;
  }
  if (typeof value === 'string' && embedded < MAX_EMBEDDED_DEPTH && /^\s*[[{]/.test(value)) {
    try {
      const inner = parseJsonBody(value);
      return walk({ ...node, value: inner }, embedded + 1, leaves, arrays);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  leaves.push(node);
}
