// What `optline check` adds to loading a rule file: lints for reviewers and its cases file run. Loading a
// rules directory (credentials and channel files included) is start-up's, and the check reuses it as it is.
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { lintDefinition } from './lint-rule-file.ts';
import { RULE_FILE_SUFFIX } from './load-rule-file.ts';
import type { Problem } from './problem.ts';
import { casesFileFor, runCasesFile } from './run-cases.ts';
import type { WebhookDefinition } from './webhook-definition.ts';

export interface CheckReport {
  files: string[];
  problems: Problem[];
  casesPassed: number;
}

/** Rule files named by `paths`: files as given, directories scanned for *.webhook.json (sorted). */
export async function ruleFilesIn(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if ((await stat(path)).isDirectory()) {
      const names = (await readdir(path)).filter((name) => name.endsWith(RULE_FILE_SUFFIX)).sort();
      files.push(...names.map((name) => join(path, name)));
    } else {
      files.push(path);
    }
  }
  return files;
}

/** What only a reviewer needs of a rule file that loads: its lints, and its cases file run (or a warning that it has none). */
export async function lintAndRunCases(
  definition: WebhookDefinition,
  file: string,
): Promise<{ problems: Problem[]; casesPassed: number }> {
  const problems = lintDefinition(definition, await readFile(file, 'utf8'), file);
  if (definition.classifier === null) return { problems, casesPassed: 0 };
  const casesFile = casesFileFor(file);
  if (!existsSync(casesFile)) {
    problems.push({
      file,
      pointer: '',
      line: 1,
      column: 1,
      message: `no cases file: add ${casesFile} with the texts this webhook must classify`,
      severity: 'warning',
    });
    return { problems, casesPassed: 0 };
  }
  const result = await runCasesFile(casesFile, definition.classifier);
  return { problems: [...problems, ...result.problems], casesPassed: result.passed };
}
