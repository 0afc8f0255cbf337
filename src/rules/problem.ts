// One finding about a rule or cases file, located for an editor: `file:line:column: severity: message`.

export type Severity = 'error' | 'warning';

export interface Problem {
  file: string;
  /** JSON pointer of the value concerned ('' for the whole document). */
  pointer: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
  severity: Severity;
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}`;
}
