// Validates a parsed rule file against rules/webhook.schema.json and turns Ajv's errors into located,
// readable problems (all of them, without the noise of if/then and oneOf branches).
import { Ajv, type ErrorObject } from 'ajv';
import schema from '../../rules/webhook.schema.json' with { type: 'json' };
import { VERIFY_METHODS } from '../vendors/vendor-registry.ts';
import type { JsonLocator } from './json-locator.ts';
import type { RuleFileProblem } from './rule-file-error.ts';

// Imported as a module, so the build carries the schema into dist/ with the code that reads it.
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

const PATTERN_HINTS: Record<string, string> = {
  id: 'must be lower-case letters, digits and dashes (e.g. "acme-marketing")',
  version: 'must be a semantic version such as "1.0.0"',
  senderNumber: 'must be an E.164 number ("+15550100") or a short code ("12345")',
  secretEnv: 'must name an environment variable (A-Z, 0-9 and _), not hold the secret',
  passwordEnv: 'must name an environment variable (A-Z, 0-9 and _), not hold the password',
  authTokenEnv: 'must name an environment variable (A-Z, 0-9 and _), not hold the auth token',
  publicKeyEnv: 'must name an environment variable (A-Z, 0-9 and _), not hold the key',
  header: 'must be an HTTP header name (letters, digits, - and the like; at most 64)',
};

export function validateAgainstSchema(raw: unknown, file: string, locator: JsonLocator): RuleFileProblem[] {
  if (validate(raw)) return [];
  const errors = validate.errors ?? [];
  const oneOfPaths = errors.filter((error) => error.keyword === 'oneOf').map((error) => error.instancePath);
  const problems: RuleFileProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    // Errors inside a oneOf branch: the oneOf error itself says what is expected.
    if (
      error.keyword !== 'oneOf' &&
      error.schemaPath.includes('/oneOf/') &&
      oneOfPaths.some((path) => error.instancePath.startsWith(path))
    )
      continue;
    const { pointer, message, atKey } = describe(error, raw);
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const position = atKey ? locator.locateKey(pointer) : locator.locate(pointer);
    problems.push({ file, pointer, ...position, message, severity: 'error' });
  }
  return problems;
}

function describe(error: ErrorObject, raw: unknown): { pointer: string; message: string; atKey: boolean } {
  const pointer = error.instancePath;
  const name = pointer.split('/').pop() ?? '';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return missing(pointer, String(params.missingProperty), raw);
    case 'additionalProperties':
      return {
        pointer: `${pointer}/${String(params.additionalProperty)}`,
        message: `unknown property "${String(params.additionalProperty)}"`,
        atKey: true,
      };
    case 'false schema':
      return { pointer, message: notAllowed(name, raw), atKey: true };
    case 'enum':
      return {
        pointer,
        message: `must be one of: ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`,
        atKey: false,
      };
    case 'pattern':
      return { pointer, message: PATTERN_HINTS[name] ?? `must match ${String(params.pattern)}`, atKey: false };
    case 'propertyNames':
      return {
        pointer,
        message: 'variable names are letters, digits and _ and do not start with a digit',
        atKey: false,
      };
    case 'oneOf':
      return pointer === ''
        ? {
            pointer,
            message:
              'a custom webhook needs exactly one payload template: "payload" (inline) or "payloadFile" (a path)',
            atKey: false,
          }
        : { pointer, message: error.message ?? 'fails oneOf', atKey: false };
    case 'maxItems':
      return { pointer, message: `has more than ${String(params.limit)} entries`, atKey: false };
    case 'minProperties':
    case 'maxProperties':
      return { pointer, message: `must name exactly one method: ${VERIFY_METHODS.join(', ')}`, atKey: false };
    default:
      return { pointer, message: error.message ?? `fails ${error.keyword}`, atKey: false };
  }
}

// credentials and senderNumber come as a pair, which only a feedback webhook may leave out: the message says which
// half is missing, at the half that is there.
const PAIRED: Record<string, { other: string; what: string }> = {
  credentials: { other: 'senderNumber', what: 'the credentials its replies are sent with' },
  senderNumber: { other: 'credentials', what: 'the number people text' },
};

function missing(
  pointer: string,
  property: string,
  raw: unknown,
): { pointer: string; message: string; atKey: boolean } {
  const paired = pointer === '' ? PAIRED[property] : undefined;
  if (paired === undefined) return { pointer, message: `missing required property "${property}"`, atKey: false };
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  if (paired.other in record)
    return {
      pointer: `/${paired.other}`,
      message: `"${paired.other}" needs "${property}" beside it (${paired.what}); a feedback webhook may name neither`,
      atKey: true,
    };
  return {
    pointer,
    message: `missing required property "${property}": a webhook that takes inbound messages names ${paired.what} (only a feedback webhook may leave out "credentials" and "senderNumber")`,
    atKey: false,
  };
}

function notAllowed(name: string, raw: unknown): string {
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  if (name === 'keywords' || name === 'defaultReply')
    return `"${name}" is not allowed: feedback webhooks have no keywords`;
  return `"${name}" is not allowed for vendor ${JSON.stringify(record.vendor)}`;
}
