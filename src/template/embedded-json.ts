// JSON written inside a JSON string, as AWS SNS carries a provider's event in `Message`: parsed with the same
// bounds as a request body (size, depth, no `__proto__` keys), so a template's json(...) costs no more than a body.
import { AppError } from '../errors.ts';
import { parseJsonBody } from '../json/parse-json-body.ts';
import { describeValue } from './payload-mismatch.ts';

/** Marks a value that is not JSON inside a string (the generated extractor compares against it). */
export const NOT_EMBEDDED_JSON: unique symbol = Symbol('not embedded JSON');

/** The JSON inside `value`; null and a missing key stay as they are (absent), anything else but a string fails. */
export function embeddedJson(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string') return NOT_EMBEDDED_JSON;
  try {
    return parseJsonBody(value);
  } catch (error) {
    if (error instanceof AppError) return NOT_EMBEDDED_JSON;
    throw error;
  }
}

/** Why `value` holds no JSON, for a mismatch message (the interpreter's error path only). */
export function whyNotEmbeddedJson(value: unknown): string {
  if (typeof value !== 'string') return `expected a string holding JSON, found ${describeValue(value)}`;
  try {
    parseJsonBody(value);
    return 'expected a string holding JSON';
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // The parser's messages name a position, never the text.
    return `expected a string holding JSON, found ${describeValue(value)}: ${error.message}`;
  }
}
