// Turns a request body into JSON safely: strict UTF-8, bounded nesting, no own `__proto__` keys.
// The HTTP service calls this on every request, so the checks are linear scans without recursion.
import { AppError } from '../errors.ts';

export interface ParseJsonBodyOptions {
  /** Deepest allowed nesting of objects and arrays; the top-level container is depth 1. */
  maxDepth?: number;
  /** Largest body accepted (a last line of defence: the HTTP layer should limit while streaming). */
  maxBytes?: number;
}

export const DEFAULT_MAX_DEPTH = 64;
export const DEFAULT_MAX_BYTES = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseJsonBody(bytes: Uint8Array | string, options: ParseJsonBodyOptions = {}): unknown {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
  if (size > maxBytes)
    throw new AppError('payload_too_large', `the body has ${size} bytes, more than the ${maxBytes} allowed`);
  const text = typeof bytes === 'string' ? bytes : decodeUtf8(bytes);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  checkDepth(text, maxDepth);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidJson(text, error);
  }
  if (text.includes('__proto__') || text.includes('\\u')) rejectProtoKeys(value);
  return value;
}

/** Strict UTF-8: invalid bytes are an AppError(invalid_utf8) naming the first one, never U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new AppError('invalid_utf8', `the body is not valid UTF-8 (byte ${firstInvalidUtf8Byte(bytes)})`);
  }
}

/** Counts open brackets outside strings; strings are skipped with indexOf, so long bodies stay cheap. */
function checkDepth(text: string, maxDepth: number): void {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i = endOfString(text, i);
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > maxDepth) {
        throw new AppError('too_deep', `the body nests deeper than ${maxDepth} levels (at position ${i})`);
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
}

/** Index of the quote closing the string opened at `start` (or the end of the text when unterminated). */
function endOfString(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

function invalidJson(text: string, error: unknown): AppError {
  const raw = error instanceof Error ? error.message : String(error);
  // V8 may quote the body ('..., "<body>" is not valid JSON'): keep only the reason, never echo the payload.
  const reason = raw.replace(/, ".*is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  const position = /at position (\d+)/.exec(raw)?.[1];
  const at = position === undefined ? locateSyntaxError(text) : Number(position);
  const { line, column } = lineAndColumn(text, at);
  return new AppError('invalid_json', `invalid JSON at line ${line}, column ${column} (position ${at}): ${reason}`, {
    position: at,
    line,
    column,
  });
}

/** Finds where a body stops being a JSON prefix when V8 does not say (binary search; error path only). */
function locateSyntaxError(text: string): number {
  const isBadPrefix = (end: number): boolean => {
    try {
      JSON.parse(text.slice(0, end));
      return false;
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      const position = /at position (\d+)/.exec(message)?.[1];
      if (position !== undefined) return Number(position) < end;
      return !message.includes('end of JSON input');
    }
  };
  return firstTrue(text.length, isBadPrefix);
}

/** The smallest i in [0, length) with bad(i + 1), or length: `bad` must be monotonic. */
function firstTrue(length: number, bad: (end: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (bad(mid + 1)) high = mid;
    else low = mid + 1;
  }
  return low;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: position - lineStart + 1 };
}

interface Pending {
  value: unknown;
  path: string;
}

/** Walks the parsed value with an explicit stack (depth is already bounded) looking for own `__proto__` keys. */
function rejectProtoKeys(root: unknown): void {
  const stack: Pending[] = [{ value: root, path: '$' }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, path } = item;
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], path: `${path}[${i}]` });
      continue;
    }
    if (Object.hasOwn(value, '__proto__')) {
      throw new AppError('bad_request', `the body has a "__proto__" key at ${path}`, { path: `${path}.__proto__` });
    }
    for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: jsonPath(path, key) });
  }
}

export function jsonPath(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** Offset of the first byte that cannot start or continue UTF-8 (a truncated tail is not yet an error). */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  return firstTrue(bytes.length, (end) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return false;
    } catch {
      return true;
    }
  });
}
