// Reading the admin API's query parameters: a problem names its parameter, and every problem is listed.
import type { Request } from 'express';
import type { FieldProblem } from '../admin/field-problem.ts';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export function optionalString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `format` as json (default) or csv. */
export function formatOf(req: Request, problems: FieldProblem[]): 'json' | 'csv' {
  const format = optionalString(req, 'format') ?? 'json';
  if (format === 'json' || format === 'csv') return format;
  problems.push({ path: 'query.format', message: 'must be json or csv' });
  return 'json';
}

/** An ISO-8601 date or date-time, as toISOString() writes it. */
export function timeOf(req: Request, name: string, problems: FieldProblem[], required: boolean): string | undefined {
  const text = optionalString(req, name);
  if (text === undefined) {
    if (required) problems.push({ path: `query.${name}`, message: 'is required (an ISO-8601 date or date-time, e.g. 2024-05-01)' });
    return undefined;
  }
  const ms = ISO_TIME.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    problems.push({ path: `query.${name}`, message: `"${text}" is not an ISO-8601 date or date-time (e.g. 2024-05-01 or 2024-05-01T10:00:00Z)` });
    return undefined;
  }
  return new Date(ms).toISOString();
}
