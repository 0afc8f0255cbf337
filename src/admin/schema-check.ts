// Compiles a JSON Schema into a check that lists every problem as a FieldProblem: a JSON pointer and a message
// that says what was wrong. The admin API's request shapes are JSON Schemas that its OpenAPI document also
// serves, so what is documented is what is enforced. A schema's `description` reads as what a value must be.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { toPointer } from '../rules/json-locator.ts';
import type { FieldProblem } from './field-problem.ts';

export type SchemaCheck<T> = (value: unknown) => { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

// verbose: every error carries the schema it failed, whose description names the expected value. No formats:
// patterns say it instead, so production needs no ajv-formats.
const shared = { allErrors: true, verbose: true, strictTypes: false } as const;
let bodies: Ajv2020 | undefined;
let queries: Ajv2020 | undefined;

/**
 * Compiled once, on first use. `coerce` is for query strings: "5" passes as the integer 5, and absent values
 * get their schema's default (ajv changes the value it checks, so pass a copy).
 */
export function schemaCheck<T>(schema: object, options: { coerce?: boolean } = {}): SchemaCheck<T> {
  let validate: ValidateFunction | undefined;
  return (value) => {
    if (validate === undefined) {
      const ajv = options.coerce
        ? (queries ??= new Ajv2020({ ...shared, coerceTypes: true, useDefaults: true }))
        : (bodies ??= new Ajv2020({ ...shared, useDefaults: true }));
      validate = ajv.compile(schema);
    }
    if (validate(value)) return { ok: true, value: value as T };
    return { ok: false, problems: problemsOf(validate.errors ?? []) };
  };
}

function problemsOf(errors: ErrorObject[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const problem = problemOf(error);
    if (problem && !problems.some((seen) => seen.path === problem.path && seen.message === problem.message))
      problems.push(problem);
  }
  return problems;
}

function problemOf(error: ErrorObject): FieldProblem | null {
  const at = (key: string | number) => `${error.instancePath}${toPointer([String(key)])}`;
  const described = (schema: unknown) => {
    const description = (schema as { description?: unknown } | undefined)?.description;
    return typeof description === 'string' ? description : undefined;
  };
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
    case 'propertyNames':
      return null; // the failing branch or name reports itself
    case 'required': {
      const missing = String(params.missingProperty);
      const property = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties?.[
        missing
      ];
      const what = described(property);
      return { path: at(missing), message: what ? `is required (${what})` : 'is required' };
    }
    case 'additionalProperties':
      return {
        path: at(String(params.additionalProperty)),
        message: `unknown property "${String(params.additionalProperty)}"`,
      };
    case 'type':
      return { path: error.instancePath, message: `must be ${typeName(String(params.type))}` };
    case 'pattern': {
      const what = described(error.parentSchema);
      return { path: error.instancePath, message: what ? `must be ${what}` : 'has the wrong form' };
    }
    case 'enum':
      return {
        path: error.instancePath,
        message: `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`,
      };
    case 'const':
      return { path: error.instancePath, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'uniqueItems':
      return { path: at(Number(params.j)), message: `is listed twice (also at item ${Number(params.i)})` };
    case 'minLength':
      if (error.propertyName !== undefined)
        return { path: error.instancePath, message: 'has a property with an empty name' };
      return {
        path: error.instancePath,
        message:
          Number(params.limit) === 1 ? 'must not be empty' : `must be at least ${Number(params.limit)} characters`,
      };
    case 'maxLength':
      if (error.propertyName !== undefined)
        return {
          path: error.instancePath,
          message: `has a property name longer than ${Number(params.limit)} characters`,
        };
      return { path: error.instancePath, message: `must be at most ${Number(params.limit)} characters` };
    case 'maxItems':
      return { path: error.instancePath, message: `must have at most ${Number(params.limit)} items` };
    case 'minItems':
      return { path: error.instancePath, message: `must have at least ${Number(params.limit)} items` };
    case 'maxProperties':
      return { path: error.instancePath, message: `must have at most ${Number(params.limit)} properties` };
    case 'minimum':
    case 'maximum':
      return { path: error.instancePath, message: `must be ${String(params.comparison)} ${Number(params.limit)}` };
    default:
      return { path: error.instancePath, message: error.message ?? 'is not valid' };
  }
}

function typeName(type: string): string {
  const names: Record<string, string> = {
    object: 'a JSON object',
    array: 'an array',
    string: 'a string',
    integer: 'an integer',
    number: 'a number',
    boolean: 'true or false',
  };
  return type
    .split(',')
    .map((one) => names[one] ?? one)
    .join(' or ');
}
