// POST /api/migrations: the legacy export planned by migration-plan.ts (as `optline migrate` plans it), stored
// through the admin services themselves: credentials sealed like POST /api/credentials, channel configurations
// like POST /api/channel-configurations, webhooks created with revisions like POST /api/webhooks. What already
// exists with the same content is left as it is (a second run changes nothing); what exists and differs refuses
// its entry. The report never holds a secret.
import { isDeepStrictEqual } from 'node:util';
import { AppError } from '../../errors.ts';
import type { AdminServices } from '../admin-services.ts';
import type { FieldProblem } from '../field-problem.ts';
import type { SinchRegion } from './legacy-export.ts';
import { planMigration, webhookText, type EntryPlan, type PlannedWebhook } from './migration-plan.ts';

export type MigrationStatus = 'created' | 'unchanged' | 'planned' | 'refused';

export interface MigrationEntryReport {
  path: string;
  name: string | null;
  id: string | null;
  vendor: string | null;
  status: MigrationStatus;
  credentials: string | null;
  channel: string | null;
  webhooks: string[];
  differences: string[];
  warnings: string[];
  problems: FieldProblem[];
}

export interface MigrationReport {
  dryRun: boolean;
  migrated: number;
  refused: number;
  entries: MigrationEntryReport[];
}

const strings = { type: 'array', items: { type: 'string' } } as const;
const nullableString = { type: ['string', 'null'] } as const;
const problems = {
  type: 'array',
  description: 'why the entry is refused, each at its JSON path in the export',
  items: {
    type: 'object',
    required: ['path', 'message'],
    additionalProperties: false,
    properties: { path: { type: 'string' }, message: { type: 'string' } },
  },
} as const;

/** The answer of POST /api/migrations, for the OpenAPI document. */
export const MIGRATION_REPORT_SCHEMA = {
  type: 'object',
  required: ['dryRun', 'migrated', 'refused', 'entries'],
  additionalProperties: false,
  properties: {
    dryRun: { type: 'boolean' },
    migrated: { type: 'integer', minimum: 0, description: 'entries created, unchanged or (dry run) planned' },
    refused: { type: 'integer', minimum: 0, description: 'entries refused: nothing was stored for them' },
    entries: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'path',
          'name',
          'id',
          'vendor',
          'status',
          'credentials',
          'channel',
          'webhooks',
          'differences',
          'warnings',
          'problems',
        ],
        additionalProperties: false,
        properties: {
          path: { type: 'string', description: 'JSON pointer of the entry in the export' },
          name: { ...nullableString, description: 'the legacy name' },
          id: nullableString,
          vendor: nullableString,
          status: { enum: ['created', 'unchanged', 'planned', 'refused'] },
          credentials: nullableString,
          channel: nullableString,
          webhooks: strings,
          differences: { ...strings, description: 'how the webhooks differ from a webhook left to its defaults' },
          warnings: strings,
          problems,
        },
      },
    },
  },
} as const;

export class MigrationAdmin {
  constructor(private readonly admin: AdminServices) {}

  async migrate(
    entries: readonly unknown[],
    options: { sinchRegion: SinchRegion; dryRun: boolean },
    author: string,
  ): Promise<MigrationReport> {
    const plans = await planMigration(
      { apiCredentials: [...entries] },
      { sinchRegion: options.sinchRegion, requireSecret: true },
    );
    const reports: MigrationEntryReport[] = [];
    for (const plan of plans) reports.push(await this.migrateEntry(plan, options.dryRun, author));
    const refused = reports.filter((report) => report.status === 'refused').length;
    return { dryRun: options.dryRun, migrated: reports.length - refused, refused, entries: reports };
  }

  private async migrateEntry(plan: EntryPlan, dryRun: boolean, author: string): Promise<MigrationEntryReport> {
    const report: MigrationEntryReport = {
      path: plan.path,
      name: plan.legacyName,
      id: plan.id,
      vendor: plan.vendor,
      status: 'refused',
      credentials: plan.credentials?.name ?? null,
      channel: plan.channel?.name ?? null,
      webhooks: plan.webhooks.map((webhook) => webhook.id),
      differences: plan.differences,
      warnings: plan.warnings,
      problems: [...plan.problems],
    };
    if (report.problems.length > 0 || plan.credentials === null || plan.channel === null) return report;
    const missing = await this.missing(plan, report.problems);
    if (report.problems.length > 0) return report;
    const nothingToDo = !missing.credentials && !missing.channel && missing.webhooks.length === 0;
    if (nothingToDo || dryRun) {
      report.status = nothingToDo ? 'unchanged' : 'planned';
      return report;
    }
    const { secretEnv: _env, ...credentials } = plan.credentials;
    try {
      if (missing.credentials) await this.admin.credentials.create({ ...credentials, secret: plan.secret }, author);
      if (missing.channel) await this.admin.channels.create(plan.channel, author);
      for (const webhook of missing.webhooks) await this.admin.webhooks.create(webhookText(webhook), author);
    } catch (error) {
      // Checked beforehand, so only a concurrent change or a missing OPTLINE_SECRET_KEY gets here.
      if (!(error instanceof AppError) || !['conflict', 'validation_failed', 'not_found'].includes(error.code))
        throw error;
      report.problems.push({ path: plan.path, message: error.message });
      return report;
    }
    report.status = 'created';
    return report;
  }

  /** What is still to be created; what exists and differs is a problem of the entry. */
  private async missing(
    plan: EntryPlan,
    problems: FieldProblem[],
  ): Promise<{ credentials: boolean; channel: boolean; webhooks: PlannedWebhook[] }> {
    const refuse = (message: string) => problems.push({ path: plan.path, message });
    const credentials = plan.credentials!;
    const channel = plan.channel!;
    const existingCredentials = await this.admin.credentials.get(credentials.name).catch(notFoundAsNull);
    if (existingCredentials !== null) {
      const resolved = await this.admin.credentials.resolve(credentials.name);
      const same =
        existingCredentials.source === 'api' &&
        existingCredentials.vendor === credentials.vendor &&
        existingCredentials.baseUrl === credentials.baseUrl &&
        existingCredentials.accountId === credentials.accountId &&
        isDeepStrictEqual(existingCredentials.options, credentials.options) &&
        resolved?.secret === plan.secret;
      if (!same)
        refuse(`credentials "${credentials.name}" already exist with other settings; they are left as they are`);
    }
    const existingChannel = await this.admin.channels.get(channel.name).catch(notFoundAsNull);
    if (existingChannel !== null) {
      const same =
        existingChannel.source === 'api' &&
        existingChannel.credentials === channel.credentials &&
        isDeepStrictEqual(existingChannel.senderNumbers, channel.senderNumbers);
      if (!same) refuse(`channel configuration "${channel.name}" already exists with other settings`);
    }
    const webhooks: PlannedWebhook[] = [];
    for (const webhook of plan.webhooks) {
      const existing = this.admin.directory.get(webhook.id);
      if (existing === undefined) {
        webhooks.push(webhook);
        continue;
      }
      const latest = (await this.admin.webhooks.revisions(webhook.id)).at(-1);
      if (existing.summary.source !== 'api' || latest?.content !== webhookText(webhook))
        refuse(`webhook ${webhook.id} already exists with another rule file`);
    }
    return { credentials: existingCredentials === null, channel: existingChannel === null, webhooks };
  }
}

function notFoundAsNull(error: unknown): null {
  if (error instanceof AppError && error.code === 'not_found') return null;
  throw error;
}
