// `optline check`: load and lint every rule file, then run each one's cases file. Used by the CLI and by the
// test that keeps rules/ honest.
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { lintDefinition } from './lint-rule-file.ts';
import { loadRuleFile, RULE_FILE_SUFFIX } from './load-rule-file.ts';
import type { Problem } from './problem.ts';
import { RuleFileError } from './rule-file-error.ts';
import { casesFileFor, runCasesFile } from './run-cases.ts';

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

export async function checkRuleFiles(files: readonly string[]): Promise<CheckReport> {
  const problems: Problem[] = [];
  let casesPassed = 0;
  const ids = new Map<string, string>();
  for (const file of files) {
    try {
      const definition = await loadRuleFile(file);
      const text = await readFile(file, 'utf8');
      problems.push(...lintDefinition(definition, text, file));
      const first = ids.get(definition.id);
      if (first !== undefined) problems.push({ file, pointer: '/id', line: 1, column: 1, message: `id "${definition.id}" is already used by ${first}`, severity: 'error' });
      ids.set(definition.id, file);
      if (definition.classifier === null) continue;
      const casesFile = casesFileFor(file);
      if (!existsSync(casesFile)) {
        problems.push({ file, pointer: '', line: 1, column: 1, message: `no cases file: add ${casesFile} with the texts this webhook must classify`, severity: 'warning' });
        continue;
      }
      const result = await runCasesFile(casesFile, definition.classifier);
      problems.push(...result.problems);
      casesPassed += result.passed;
    } catch (error) {
      if (!(error instanceof RuleFileError)) throw error;
      problems.push(...error.problems);
    }
  }
  return { files: [...files], problems, casesPassed };
}
