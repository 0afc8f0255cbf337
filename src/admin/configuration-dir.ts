// The rules directory as start-up reads it: rule files, credentials and channel files, and every problem with
// them. Start-up refuses on an error and logs the warnings; `optline check` prints both, so the command a
// refusal recommends finds exactly what refused it.
import { readFile } from 'node:fs/promises';
import { JsonLocator } from '../rules/json-locator.ts';
import { loadRulesDir } from '../rules/load-rule-file.ts';
import type { Problem } from '../rules/problem.ts';
import type { WebhookDefinition } from '../rules/webhook-definition.ts';
import { loadAdminFiles, type AdminFiles } from './admin-files.ts';
import { unsendableReplies } from './unsendable-replies.ts';
import { urlRefusal } from '../send/outbound-policy.ts';
import { outboundAllow } from '../config.ts';

export interface ConfigurationDir {
  /** The rule files that load (one that fails adds its problems instead). */
  definitions: WebhookDefinition[];
  files: AdminFiles;
  /** Errors stop start-up; warnings do not. */
  problems: Problem[];
}

export async function loadConfigurationDir(dir: string, env: NodeJS.ProcessEnv): Promise<ConfigurationDir> {
  const { definitions, problems } = await loadRulesDir(dir);
  const files = await loadAdminFiles(dir);
  const webhooks = definitions.map((definition) => ({ ...definition, replies: definition.classifier !== null }));
  const warnings: Problem[] = [];
  for (const unsendable of unsendableReplies(webhooks, files.credentials, env)) {
    // Every definition loadRulesDir returns was read from a file.
    const file = definitions.find((definition) => definition.id === unsendable.webhookId)?.file;
    if (!file) continue;
    const position = new JsonLocator(await readFile(file, 'utf8')).locate(unsendable.pointer);
    warnings.push({ file, pointer: unsendable.pointer, ...position, message: unsendable.message, severity: 'warning' });
  }
  for (const credentials of files.credentials) {
    const refusal = baseUrlRefusal(credentials.baseUrl, env);
    if (refusal === null) continue;
    const position = new JsonLocator(await readFile(credentials.file, 'utf8')).locate('/baseUrl');
    const message = `credentials ${credentials.name}: every send will be refused: ${refusal}`;
    warnings.push({ file: credentials.file, pointer: '/baseUrl', ...position, message, severity: 'warning' });
  }
  return { definitions, files, problems: [...problems, ...files.problems, ...warnings] };
}

/**
 * Why sends to a file's baseUrl will be refused under OPTLINE_OUTBOUND_ALLOW (as the API refuses it on save), or
 * null. A warning, not an error: `optline check` may run where the deployment's allow list is not set.
 */
function baseUrlRefusal(baseUrl: string, env: NodeJS.ProcessEnv): string | null {
  if (baseUrl === '') return null;
  try {
    return urlRefusal(baseUrl, { allow: outboundAllow(env) });
  } catch {
    return null; // a malformed allow list: start-up refuses it, naming the variable
  }
}
