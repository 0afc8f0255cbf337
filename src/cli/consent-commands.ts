// `optline consent rekey`: moves consent recorded under a rule file's sender number for messages to another
// number of the account to the number texted. Opens the store the service uses (OPTLINE_DATA or MONGODB_URI).
// Exit codes: 0 success (nothing to move included), 1 the store refused (a consent moved meanwhile), 2 bad usage.
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfigurationDir } from '../admin/configuration-dir.ts';
import { openAdminStore } from '../admin/open-admin-store.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { ConsentMovedError } from '../store/consent-moved-error.ts';
import type { WebhookDefinition } from '../rules/webhook-definition.ts';
import { loadRuleText } from '../rules/load-rule-file.ts';
import { openStore } from '../store/open-store.ts';
import { planRekey, type RekeyPlan } from '../webhooks/consent-rekey.ts';
import { maskNumber } from '../webhooks/texted-number.ts';
import { EXIT_FINDING, EXIT_USAGE, type CliIo } from './cli-io.ts';

export function registerConsentCommands(program: Command, io: CliIo): void {
  const consent = program.command('consent').description('stored consent');
  consent
    .command('rekey')
    .description(
      "move consent stored under a webhook's rule-file sender number to the number each message was sent to (account-wide webhooks, before consent was kept per number)",
    )
    .requiredOption('--webhook <id>', 'the webhook (a rule file in OPTLINE_RULES, or one managed through the API)')
    .option('--dry-run', 'print what would move; change nothing')
    .action(async (options: { webhook: string; dryRun?: boolean }) => {
      let config: Config;
      try {
        config = loadConfig(io.env);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return usage(io, error.message);
      }
      const { definitions } = await loadConfigurationDir(config.rulesDir, io.env);
      const webhook =
        definitions.find((definition) => definition.id === options.webhook) ??
        (await apiWebhook(config, options.webhook));
      if (!webhook)
        return usage(io, `no rule file in ${config.rulesDir} and no API-managed webhook is "${options.webhook}"`);
      if (webhook.classifier === null || webhook.senderNumber === null) {
        return usage(io, `${webhook.id} takes feedback only: it keeps no consent`);
      }
      const rekeyed = { ...webhook, senderNumber: webhook.senderNumber };
      const days = new Map(definitions.map((definition) => [definition.id, definition.doubleOptInExpiresAfterDays]));
      const store = await openStore(config);
      try {
        const plan = await planRekey(rekeyed, store, (id) => days.get(id) ?? webhook.doubleOptInExpiresAfterDays);
        printPlan(plan, webhook.id, io);
        if (options.dryRun || plan.moves.length === 0) {
          io.out(options.dryRun ? 'dry run: nothing changed\n' : 'nothing to move\n');
          return;
        }
        await store.replayConsent(plan.replays);
        io.out(`moved ${plan.moves.length} event(s)\n`);
      } catch (error) {
        if (!(error instanceof ConsentMovedError)) throw error;
        io.err(`optline consent rekey: ${error.message}\n`);
        io.exitCode = EXIT_FINDING;
      } finally {
        await store.close();
      }
    });
}

/** The latest revision of a webhook managed through the admin API, loaded as the service loads it. */
async function apiWebhook(config: Config, id: string): Promise<WebhookDefinition | null> {
  const adminStore = await openAdminStore(config);
  try {
    const latest = (await adminStore.latestWebhookRevisions()).find((revision) => revision.webhookId === id);
    if (!latest?.content) return null;
    return await loadRuleText(latest.content, join(config.rulesDir, 'api.webhook.json'));
  } finally {
    await adminStore.close();
  }
}

/** Profile numbers masked: the output may be pasted into a ticket. */
function printPlan(plan: RekeyPlan, webhookId: string, io: CliIo): void {
  for (const move of plan.moves) {
    io.out(
      `move ${move.requestId} (${move.category ?? 'unclassified'}) of ${maskNumber(move.profileNumber)}: ${move.from} -> ${move.to}\n`,
    );
  }
  for (const { key, before, after } of plan.replays) {
    io.out(
      `consent of ${maskNumber(key.profileNumber)} towards ${key.senderNumber}: ${before.state} (v${before.version}) -> ${after.state} (v${after.version})\n`,
    );
  }
  io.out(`${plan.moves.length} event(s) of webhook ${webhookId} to move\n`);
}

function usage(io: CliIo, message: string): void {
  io.err(`optline consent rekey: ${message}\n`);
  io.exitCode = EXIT_USAGE;
}
