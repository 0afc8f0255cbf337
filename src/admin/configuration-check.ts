// `optline check`: each directory read as start-up reads it (loadConfigurationDir: the same errors and
// warnings, worded alike), then what only a reviewer needs: lints, cases files, and the webhooks that the files
// alone leave inactive (start-up warns of those too, once it also knows the admin API's credentials and channels).
import { readFile, stat } from 'node:fs/promises';
import { lintAndRunCases, ruleFilesIn, type CheckReport } from '../rules/check-rules.ts';
import { JsonLocator } from '../rules/json-locator.ts';
import { duplicateIdProblem, loadRuleFile } from '../rules/load-rule-file.ts';
import type { Problem } from '../rules/problem.ts';
import { RuleFileError } from '../rules/rule-file-error.ts';
import type { WebhookDefinition } from '../rules/webhook-definition.ts';
import type { AdminFiles } from './admin-files.ts';
import { inactiveReason } from '../webhooks/attachments.ts';
import { loadConfigurationDir } from './configuration-dir.ts';

/** Checks rule files as given and directories as start-up reads them; `env` holds the secrets' variables. */
export async function checkConfiguration(paths: readonly string[], env: NodeJS.ProcessEnv): Promise<CheckReport> {
  const report: CheckReport = { files: [], problems: [], casesPassed: 0 };
  const ids = new Map<string, string>();
  for (const path of paths) {
    const loaded: Array<{ definition: WebhookDefinition; file: string }> = [];
    if ((await stat(path)).isDirectory()) {
      const dir = await loadConfigurationDir(path, env);
      report.files.push(...(await ruleFilesIn([path])));
      report.problems.push(...dir.problems);
      for (const definition of dir.definitions) {
        if (definition.file === null) continue; // every definition read from a directory has its file
        loaded.push({ definition, file: definition.file });
        report.problems.push(...(await inactiveWarnings(definition, definition.file, dir.files)));
      }
    } else {
      report.files.push(path);
      try {
        loaded.push({ definition: await loadRuleFile(path), file: path });
      } catch (error) {
        if (!(error instanceof RuleFileError)) throw error;
        report.problems.push(...error.problems);
      }
    }
    for (const { definition, file } of loaded) {
      // Start-up reads one directory, where loadRulesDir already refuses a repeated id; this is across paths.
      const first = ids.get(definition.id);
      if (first !== undefined && first !== file) {
        report.problems.push(await duplicateIdProblem(file, definition.id, first));
        continue;
      }
      ids.set(definition.id, file);
      const checked = await lintAndRunCases(definition, file);
      report.problems.push(...checked.problems);
      report.casesPassed += checked.casesPassed;
    }
  }
  return report;
}

/** The warning start-up logs for a webhook that does not take effect, as far as the files decide it. */
async function inactiveWarnings(definition: WebhookDefinition, file: string, files: AdminFiles): Promise<Problem[]> {
  const attachments = {
    credentials: new Set(files.credentials.map((credentials) => credentials.name)),
    channels: files.channels,
  };
  const reason = inactiveReason(definition, attachments);
  if (reason === null) return [];
  const position = new JsonLocator(await readFile(file, 'utf8')).locate('/credentials');
  return [{ file, pointer: '/credentials', ...position, message: `${definition.id}: ${reason}`, severity: 'warning' }];
}
