// A payload that does not fit the template: the first JSON path that failed and why.

export interface PayloadMismatch {
  kind: 'mismatch';
  /** JSON path such as $.results[0].from */
  path: string;
  /** What was expected and what was found. */
  message: string;
}

export function mismatch(path: string, message: string): PayloadMismatch {
  return { kind: 'mismatch', path, message };
}

/** How much of a string a mismatch message quotes. */
const QUOTED_LENGTH = 40;

/** A short description of a JSON value for messages: a string is quoted up to 40 characters, then cut. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the key is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case 'string':
      return value.length > QUOTED_LENGTH
        ? `the string ${JSON.stringify(value.slice(0, QUOTED_LENGTH))}... (${value.length} characters)`
        : `the string ${JSON.stringify(value)}`;
    case 'number':
      return Number.isSafeInteger(value) || !Number.isInteger(value)
        ? `the number ${value}`
        : `the number ${value} (beyond the safe integer range, so its digits are not exact)`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
