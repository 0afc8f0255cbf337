// Thrown by compileTemplate: carries every problem of the template at once.
import type { TemplateProblem } from './template-problem.ts';

export class TemplateCompileError extends Error {
  constructor(
    readonly problems: TemplateProblem[],
    readonly source: string,
  ) {
    super(problems.map((problem) => `${source}:${problem.line}:${problem.column}: ${problem.message}`).join('\n'));
    this.name = 'TemplateCompileError';
  }
}
