// One problem with a request body or an admin file, at a JSON pointer: what `validation_failed` lists.
import { AppError } from '../errors.ts';

export interface FieldProblem {
  path: string;
  message: string;
}

/** The 422 that lists every problem; the message names the first ones so a log line says what was wrong. */
export function validationFailed(what: string, problems: FieldProblem[]): AppError {
  const summary = problems
    .slice(0, 3)
    .map((problem) => `${problem.path || '/'}: ${problem.message}`)
    .join('; ');
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  return new AppError('validation_failed', `${what} is not valid: ${summary}${more}`, { problems });
}
