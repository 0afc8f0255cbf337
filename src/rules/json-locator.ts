// Line and column of a JSON pointer in the text it was parsed from (jsonc-parser keeps node offsets).
import { findNodeAtLocation, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { MAX_JSON_DEPTH } from './rule-file-limits.ts';

export interface Position {
  line: number;
  column: number;
}

export class JsonLocator {
  private readonly lineStarts: number[] = [0];
  readonly root: Node | undefined;
  readonly syntaxErrors: ParseError[] = [];
  /** Where the text first nests deeper than MAX_JSON_DEPTH (then it is not parsed: root is undefined), or null. */
  readonly tooDeepAt: number | null;

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
    // jsonc-parser recurses once per level: deeper text would exhaust the stack (a 5,000-level file did).
    this.tooDeepAt = tooDeepAt(text);
    this.root =
      this.tooDeepAt !== null
        ? undefined
        : parseTree(text, this.syntaxErrors, {
            disallowComments: true,
            allowTrailingComma: false,
            allowEmptyContent: false,
          });
  }

  /** Where the value at `pointer` starts; for a missing value, where its nearest existing parent starts. */
  locate(pointer: string): Position {
    if (this.root === undefined) return { line: 1, column: 1 };
    const path = parsePointer(pointer);
    while (path.length > 0) {
      const node = findNodeAtLocation(this.root, path);
      if (node !== undefined) return this.position(node.offset);
      path.pop();
    }
    return this.position(this.root.offset);
  }

  /** Where the property name of the member at `pointer` starts (for "unknown property" findings). */
  locateKey(pointer: string): Position {
    if (this.root === undefined) return { line: 1, column: 1 };
    const node = findNodeAtLocation(this.root, parsePointer(pointer));
    const key = node?.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    return key !== undefined ? this.position(key.offset) : this.locate(pointer);
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] ?? 0) + 1 };
  }
}

/** The offset of the first bracket nesting deeper than MAX_JSON_DEPTH (outside strings), or null. */
function tooDeepAt(text: string): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (char === '}' || char === ']') depth--;
  }
  return null;
}

export function parsePointer(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((segment) => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment));
}

export function toPointer(path: ReadonlyArray<string | number>): string {
  return path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
