// `optline webhooks urls`: every webhook's callback URL with its secret segment, read from the store the service
// uses (OPTLINE_DATA or MONGODB_URI). The service's start-up output hides the secret (it ends up in logs); an
// admin who needs the URL asks for it here, through `GET /api/webhooks`, or with the console's Copy button.
// Exit codes: 0 printed, 2 bad usage (no such webhook, bad configuration).
import type { Command } from 'commander';
import { loadConfigurationDir } from '../admin/configuration-dir.ts';
import { openAdminStore } from '../admin/open-admin-store.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { openStore } from '../store/open-store.ts';
import { newWebhookSecret } from '../webhooks/build-webhook.ts';
import { webhookUrlOf } from '../webhooks/webhook-runtime.ts';
import { EXIT_USAGE, type CliIo } from './cli-io.ts';

export function registerWebhookCommands(program: Command, io: CliIo): void {
  const webhooks = program.command('webhooks').description('configured webhooks');
  webhooks
    .command('urls')
    .description("print every webhook's callback URL, secret included (OPTLINE_PUBLIC_URL sets the origin)")
    .option('--webhook <id>', 'only this webhook')
    .action(async (options: { webhook?: string }) => {
      let config: Config;
      try {
        config = loadConfig(io.env);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return usage(io, error.message);
      }
      const ids = await webhookIds(config, io.env);
      const chosen = options.webhook === undefined ? ids : ids.filter((id) => id === options.webhook);
      if (chosen.length === 0) {
        return usage(
          io,
          options.webhook === undefined
            ? `no webhook: no rule file in ${config.rulesDir} and none managed through the API`
            : `no rule file in ${config.rulesDir} and no API-managed webhook is "${options.webhook}"`,
        );
      }
      const store = await openStore(config);
      try {
        for (const id of chosen) {
          // The same call the service makes when it builds the webhook: the secret is created once and kept.
          const secret = await store.webhookSecret(id, newWebhookSecret);
          io.out(`${id}: POST ${webhookUrlOf(config.publicUrl, id, secret)}\n`);
        }
      } finally {
        await store.close();
      }
    });
}

/** Rule files' webhooks, then the API-managed ones not deleted, sorted by id. */
async function webhookIds(config: Config, env: NodeJS.ProcessEnv): Promise<string[]> {
  const { definitions } = await loadConfigurationDir(config.rulesDir, env);
  const adminStore = await openAdminStore(config);
  try {
    const managed = (await adminStore.latestWebhookRevisions())
      .filter((revision) => revision.content !== null)
      .map((revision) => revision.webhookId);
    return [...new Set([...definitions.map((definition) => definition.id), ...managed])].sort();
  } finally {
    await adminStore.close();
  }
}

function usage(io: CliIo, message: string): void {
  io.err(`optline webhooks urls: ${message}\n`);
  io.exitCode = EXIT_USAGE;
}
