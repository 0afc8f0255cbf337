// Thrown by loadRuleFile/loadRuleText: carries every problem found, not just the first.
import { formatProblem, type Problem } from './problem.ts';

export type RuleFileProblem = Problem & { severity: 'error' };

export class RuleFileError extends Error {
  constructor(readonly problems: RuleFileProblem[]) {
    super(`invalid rule file:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'RuleFileError';
  }
}
