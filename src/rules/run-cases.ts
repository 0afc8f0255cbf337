// Runs a `<id>.cases.json` file against its rule file: each case names a text and the category (optionally
// the rule and the reply) it must get. Every mismatch is an error located at the case.
import { readFile } from 'node:fs/promises';
import { DECISION_CATEGORIES } from '../keywords/categories.ts';
import type { Classifier } from '../keywords/classifier.ts';
import { JsonLocator } from './json-locator.ts';
import type { Problem } from './problem.ts';

export const CASES_SUFFIX = '.cases.json';

export interface RuleCase {
  text: string;
  category: string;
  rule?: string;
  reply?: string | null;
  note?: string;
}

export function casesFileFor(ruleFile: string): string {
  return ruleFile.replace(/\.webhook\.json$/, CASES_SUFFIX);
}

export async function runCasesFile(
  casesFile: string,
  classifier: Classifier,
): Promise<{ problems: Problem[]; passed: number }> {
  const text = await readFile(casesFile, 'utf8');
  const locator = new JsonLocator(text);
  const error = (pointer: string, message: string): Problem => ({
    file: casesFile,
    pointer,
    ...locator.locate(pointer),
    message,
    severity: 'error',
  });
  if (locator.syntaxErrors.length > 0 || locator.root === undefined)
    return { problems: [error('', 'invalid JSON')], passed: 0 };
  const document: unknown = JSON.parse(text);
  const cases = typeof document === 'object' && document !== null ? (document as { cases?: unknown }).cases : undefined;
  if (!Array.isArray(cases))
    return { problems: [error('', 'a cases file is {"cases": [{"text": ..., "category": ...}, ...]}')], passed: 0 };
  const problems: Problem[] = [];
  let passed = 0;
  for (const [index, entry] of cases.entries()) {
    const pointer = `/cases/${index}`;
    if (!isRuleCase(entry)) {
      problems.push(error(pointer, `a case needs "text" and a "category" among ${DECISION_CATEGORIES.join(', ')}`));
      continue;
    }
    const decision = await classifier.classify(entry.text);
    const got = `${decision.category} (${decision.rule})`;
    const before = problems.length;
    if (decision.category !== entry.category) {
      problems.push(
        error(`${pointer}/category`, `${JSON.stringify(entry.text)} is ${got}, expected ${entry.category}`),
      );
    } else if (entry.rule !== undefined && decision.rule !== entry.rule) {
      problems.push(error(`${pointer}/rule`, `${JSON.stringify(entry.text)} is ${got}, expected rule ${entry.rule}`));
    }
    if (entry.reply !== undefined && decision.reply !== entry.reply) {
      problems.push(
        error(
          `${pointer}/reply`,
          `${JSON.stringify(entry.text)} replies ${JSON.stringify(decision.reply)}, expected ${JSON.stringify(entry.reply)}`,
        ),
      );
    }
    if (problems.length === before) passed++;
  }
  return { problems, passed };
}

function isRuleCase(value: unknown): value is RuleCase {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.text === 'string' &&
    typeof entry.category === 'string' &&
    (DECISION_CATEGORIES as readonly string[]).includes(entry.category) &&
    (entry.rule === undefined || typeof entry.rule === 'string') &&
    (entry.reply === undefined || entry.reply === null || typeof entry.reply === 'string')
  );
}
