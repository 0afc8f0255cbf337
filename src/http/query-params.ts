// The admin API's query parameters as JSON Schemas (one object schema per route, which the OpenAPI document
// lists as parameters) and the reading of a request's query against them: a problem names its parameter as
// query.<name>, and every problem is listed.
import type { Request } from 'express';
import { validationFailed, type FieldProblem } from '../admin/field-problem.ts';
import type { AppError } from '../errors.ts';
import { schemaCheck } from '../admin/schema-check.ts';
import { CANONICAL_STATUSES } from '../events.ts';

// The forms of ISO-8601 that Date.parse reads alike everywhere, months, hours and minutes in range; the route
// still refuses a date Date.parse cannot read, rather than fail on it.
const ISO_TIME = [
  '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])',
  '(T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)?)?$',
].join('');
const since = {
  type: 'string',
  maxLength: 40,
  pattern: ISO_TIME,
  description: 'an ISO-8601 date or date-time, e.g. 2024-05-01',
} as const;
const format = { enum: ['json', 'csv'], default: 'json', description: 'json or csv' } as const;
const webhookId = { type: 'string', maxLength: 200, description: 'a webhook id' } as const;

export const CONSENTS_QUERY_SCHEMA = { type: 'object', properties: { format, since } } as const;
export const AUDIENCE_QUERY_SCHEMA = {
  type: 'object',
  required: ['since'],
  properties: { since, webhookId, format },
} as const;
export const EVENTS_QUERY_SCHEMA = {
  type: 'object',
  properties: {
    profileNumber: { type: 'string', maxLength: 32, description: 'E.164; digits without + are read as international' },
    webhookId,
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    before: {
      type: 'string',
      maxLength: 1000,
      description: "the last page's `next`: the page starts after it (older)",
    },
  },
} as const;

export const MESSAGES_QUERY_SCHEMA = {
  type: 'object',
  properties: {
    webhookId,
    to: {
      type: 'string',
      maxLength: 32,
      description: 'the recipient, E.164; digits without + are read as international',
    },
    since: { ...since, description: `created at or after: ${since.description}` },
    status: { enum: [...CANONICAL_STATUSES], description: 'the delivery status' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    before: {
      type: 'string',
      maxLength: 200,
      description: "a message id (the last page's `next`): the page starts after it",
    },
    format,
  },
} as const;

export const REVIEWS_QUERY_SCHEMA = {
  type: 'object',
  properties: {
    state: { enum: ['open', 'resolved'], default: 'open', description: 'open (default) or resolved' },
    webhookId,
    since: { ...since, description: `opened at or after: ${since.description}` },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  },
} as const;

export const SIMULATE_QUERY_SCHEMA = {
  type: 'object',
  properties: {
    since: { ...since, description: `events at or after: ${since.description}` },
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: 1_000_000,
      default: 100_000,
      description: 'at most this many events',
    },
    showText: { type: 'boolean', default: false, description: 'show the example texts (masked by default)' },
  },
} as const;

export type QueryReader<T> = (req: Request) => T;

/**
 * Reads a route's query against its schema (compiled once). An empty value counts as absent, and parameters
 * the schema does not name are ignored.
 */
export function queryReader<T>(schema: { properties: Record<string, unknown> }): QueryReader<T> {
  const check = schemaCheck<T>(schema, { coerce: true });
  const names = Object.keys(schema.properties);
  return (req) => {
    const query: Record<string, unknown> = {};
    for (const name of names)
      if (req.query[name] !== undefined && req.query[name] !== '') query[name] = req.query[name];
    const checked = check(query);
    if (!checked.ok) throw validationFailed('the query', checked.problems.map(inQuery));
    return checked.value;
  };
}

/** An ISO-8601 date or date-time (as the schema's pattern admits it), as toISOString() writes it. */
export function isoTime(text: string, name: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw badParameter(name, `must be ${since.description}`);
  return new Date(ms).toISOString();
}

/** A query parameter the schema admits but the route refuses, as the schema's own refusals read. */
export function badParameter(name: string, message: string): AppError {
  return validationFailed('the query', [{ path: `query.${name}`, message }]);
}

function inQuery(problem: FieldProblem): FieldProblem {
  return { ...problem, path: `query.${problem.path.slice(1).replaceAll('~1', '/').replaceAll('~0', '~')}` };
}
