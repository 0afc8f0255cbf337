// Webhooks managed through the API: validated by exactly the code that loads rule files (loadRuleText), kept
// with every revision (time, author, JSON Patch diff, content), and swapped into the live directory so a
// change takes effect at once. Webhooks defined by rule files are read-only here.
import { join } from 'node:path';
import { AppError } from '../errors.ts';
import { loadRuleText } from '../rules/load-rule-file.ts';
import { RuleFileError } from '../rules/rule-file-error.ts';
import type { WebhookDefinition } from '../rules/webhook-definition.ts';
import type { Store } from '../store/store.ts';
import { buildWebhook } from '../webhooks/build-webhook.ts';
import type { LiveWebhookDirectory } from '../webhooks/live-webhook-directory.ts';
import type { WebhookRuntime } from '../webhooks/webhook-runtime.ts';
import type { AdminStore, WebhookRevision } from './admin-store.ts';
import { isRecord } from '../json/is-record.ts';
import { validationFailed, type FieldProblem } from './field-problem.ts';
import { jsonPatchDiff } from './json-patch-diff.ts';

export interface WebhookAdminDeps {
  adminStore: AdminStore;
  store: Store;
  directory: LiveWebhookDirectory;
  /** The rules directory: an API webhook's payloadFile names a template file there. */
  rulesDir: string;
  /** Webhook id -> rule file, for the webhooks defined by files. */
  fileWebhooks: ReadonlyMap<string, string>;
  env: NodeJS.ProcessEnv;
  now: () => number;
}

export type ValidationProblem = FieldProblem & { line?: number; column?: number };

export class WebhookAdmin {
  constructor(private readonly deps: WebhookAdminDeps) {}

  /** Puts every stored webhook's latest revision into the directory; returns why any could not be. */
  async loadStored(): Promise<string[]> {
    const warnings: string[] = [];
    for (const latest of await this.deps.adminStore.latestWebhookRevisions()) {
      if (latest.content === null) continue;
      const file = this.deps.fileWebhooks.get(latest.webhookId);
      if (file !== undefined) {
        warnings.push(
          `webhook ${latest.webhookId} from the API is shadowed by the rule file ${file}; the file is used`,
        );
        continue;
      }
      const problem = await this.put(latest.webhookId, latest.revision, latest.content);
      if (problem !== null) warnings.push(problem);
    }
    return warnings;
  }

  /**
   * Brings the directory up to the admin store's latest revisions, for changes another instance sharing the
   * store made: newer revisions are built and swapped in, deleted webhooks removed. Returns what could not load.
   */
  async sync(): Promise<string[]> {
    const warnings: string[] = [];
    for (const latest of await this.deps.adminStore.latestWebhookRevisions()) {
      if (this.deps.fileWebhooks.has(latest.webhookId)) continue;
      const current = this.deps.directory.get(latest.webhookId);
      if (latest.content === null) {
        if (current) this.deps.directory.remove(latest.webhookId);
        continue;
      }
      if (current && (current.summary.revision ?? 0) >= latest.revision) continue;
      const problem = await this.put(latest.webhookId, latest.revision, latest.content);
      if (problem !== null) warnings.push(problem);
    }
    return warnings;
  }

  /** Builds a stored revision into the directory; why it could not be, or null. */
  private async put(webhookId: string, revision: number, content: string): Promise<string | null> {
    try {
      const definition = await this.validate(content);
      this.deps.directory.put(await buildWebhook(definition, this.deps.store, this.deps.env, revision));
      return null;
    } catch (error) {
      return `webhook ${webhookId} revision ${revision} from the API could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  async create(text: string, author: string): Promise<WebhookRuntime> {
    const definition = await this.validate(text);
    this.refuseFileDefined(definition.id);
    const previous = await this.latest(definition.id);
    if (previous && previous.content !== null) {
      throw new AppError(
        'conflict',
        `webhook ${definition.id} already exists; update it with PUT /api/webhooks/${definition.id}`,
      );
    }
    return this.commit(definition, text, author, previous, {});
  }

  async update(id: string, text: string, author: string): Promise<WebhookRuntime> {
    this.refuseFileDefined(id);
    const definition = await this.validate(text, id);
    const previous = await this.latest(id);
    if (!previous || previous.content === null)
      throw new AppError('not_found', `no webhook ${id} managed through the API`);
    return this.commit(definition, text, author, previous, JSON.parse(previous.content) as unknown);
  }

  async remove(id: string, author: string): Promise<WebhookRevision> {
    this.refuseFileDefined(id);
    const previous = await this.latest(id);
    if (!previous || previous.content === null)
      throw new AppError('not_found', `no webhook ${id} managed through the API`);
    const revision: WebhookRevision = {
      webhookId: id,
      revision: previous.revision + 1,
      at: this.nowIso(),
      author,
      diff: [{ op: 'remove', path: '' }],
      content: null,
    };
    await this.append(revision);
    this.deps.directory.remove(id);
    return revision;
  }

  /** Oldest first; a deleted webhook keeps its history. */
  async revisions(id: string): Promise<WebhookRevision[]> {
    return this.deps.adminStore.webhookRevisions(id);
  }

  /** Validates a rule file sent to the API; throws validation_failed listing every problem. */
  async validate(text: string, expectedId?: string): Promise<WebhookDefinition> {
    const parsed = parseOrUndefined(text);
    const payloadFile = isRecord(parsed) ? parsed.payloadFile : undefined;
    if (typeof payloadFile === 'string' && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(payloadFile)) {
      throw validationFailed('the webhook', [
        {
          path: '/payloadFile',
          message:
            'must name a template file in the rules directory (no directories), or put the template inline in payload',
        },
      ]);
    }
    let definition: WebhookDefinition;
    try {
      definition = await loadRuleText(text, join(this.deps.rulesDir, 'api.webhook.json'));
    } catch (error) {
      if (!(error instanceof RuleFileError)) throw error;
      const problems: ValidationProblem[] = error.problems.map((problem) => ({
        path: problem.pointer,
        message: problem.message,
        line: problem.line,
        column: problem.column,
      }));
      if (expectedId !== undefined && isRecord(parsed) && parsed.id !== expectedId)
        problems.push(idProblem(expectedId));
      throw validationFailed('the webhook', problems);
    }
    if (expectedId !== undefined && definition.id !== expectedId)
      throw validationFailed('the webhook', [idProblem(expectedId)]);
    return definition;
  }

  private async commit(
    definition: WebhookDefinition,
    text: string,
    author: string,
    previous: WebhookRevision | null,
    before: unknown,
  ): Promise<WebhookRuntime> {
    const revisionNumber = (previous?.revision ?? 0) + 1;
    const runtime = await buildWebhook(definition, this.deps.store, this.deps.env, revisionNumber);
    await this.append({
      webhookId: definition.id,
      revision: revisionNumber,
      at: this.nowIso(),
      author,
      diff: jsonPatchDiff(before, definition.raw),
      content: text,
    });
    this.deps.directory.put(runtime);
    return runtime;
  }

  private async append(revision: WebhookRevision): Promise<void> {
    if (!(await this.deps.adminStore.appendWebhookRevision(revision))) {
      throw new AppError(
        'conflict',
        `webhook ${revision.webhookId} was changed at the same time (revision ${revision.revision} exists); read it and retry`,
      );
    }
  }

  private async latest(id: string): Promise<WebhookRevision | null> {
    const revisions = await this.deps.adminStore.webhookRevisions(id);
    return revisions.at(-1) ?? null;
  }

  private refuseFileDefined(id: string): void {
    const file = this.deps.fileWebhooks.get(id);
    if (file !== undefined)
      throw new AppError(
        'conflict',
        `webhook ${id} is defined by the rule file ${file} and is read-only through the API; edit the file instead`,
      );
  }

  private nowIso(): string {
    return new Date(this.deps.now()).toISOString();
  }
}

function idProblem(expectedId: string): ValidationProblem {
  return { path: '/id', message: `must be "${expectedId}", the id in the URL (a webhook cannot be renamed)` };
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
