// One error found in a template: where it is, what was expected and what was found.

export interface TemplateProblem {
  line: number;
  column: number;
  message: string;
  expected?: string;
  found?: string;
}

export interface Position {
  line: number;
  column: number;
}
