// Compiles a custom webhook's payload template with the template compiler and reports its problems as
// rule-file problems: located in the template file, or at /payload for an inline template.
import type { RuleFileProblem } from './rule-file-error.ts';

export function checkPayloadTemplate(
  _template: { text: string; source: string },
  _kind: 'inbound' | 'feedback',
  _inlineAt: RuleFileProblem | null,
): RuleFileProblem[] {
  // Wired to src/template/compile-template.ts once that module lands.
  return [];
}
