// Compiles a custom webhook's payload template with the template compiler and turns its problems into rule-file
// problems: located in the template file for a payloadFile, or at /payload of the rule file for an inline one.
import type { CanonicalStatus, EventKind } from '../events.ts';
import { compileTemplate } from '../template/compile-template.ts';
import { TemplateCompileError } from '../template/template-compile-error.ts';
import type { TemplateProblem } from '../template/template-problem.ts';
import type { Problem } from './problem.ts';
import type { RuleFileProblem } from './rule-file-error.ts';

/** Where an inline template sits in the rule file. */
export interface InlineTemplateLocation {
  file: string;
  line: number;
  column: number;
}

export function checkPayloadTemplate(
  template: { text: string; source: string },
  kind: EventKind,
  inline: InlineTemplateLocation | null,
  statusMap: Readonly<Record<string, CanonicalStatus>> = {},
): { errors: RuleFileProblem[]; warnings: Problem[] } {
  try {
    const compiled = compileTemplate(template.text, { kind, source: template.source, statusMap });
    return { errors: [], warnings: compiled.warnings.map((problem) => located(problem, 'warning')) };
  } catch (error) {
    if (!(error instanceof TemplateCompileError)) throw error;
    return { errors: error.problems.map((problem) => located(problem, 'error')), warnings: [] };
  }

  function located<S extends Problem['severity']>(problem: TemplateProblem, severity: S): Problem & { severity: S } {
    return inline === null
      ? {
          file: template.source,
          pointer: '',
          line: problem.line,
          column: problem.column,
          message: `payload template: ${problem.message}`,
          severity,
        }
      : {
          file: inline.file,
          pointer: '/payload',
          line: inline.line,
          column: inline.column,
          message: `payload template (line ${problem.line}, column ${problem.column} of the inline template): ${problem.message}`,
          severity,
        };
  }
}
