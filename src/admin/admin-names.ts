// Names of credentials and channel configurations: they appear in URLs and rule files, so they stay plain.
import type { FieldProblem } from './field-problem.ts';

export const ADMIN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const SENDER_NUMBER_PATTERN = /^(\+[1-9][0-9]{1,14}|[0-9]{3,8})$/;

export function nameProblems(value: unknown, path = '/name'): FieldProblem[] {
  if (typeof value !== 'string') return [{ path, message: 'is required and must be a string' }];
  if (!ADMIN_NAME_PATTERN.test(value)) {
    return [{ path, message: 'must be 1-128 letters, digits, dots, dashes or underscores, starting with a letter or digit' }];
  }
  return [];
}
