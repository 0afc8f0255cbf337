// Composition root: config -> rule files (with their templates) -> store -> webhooks -> listen.
import { pino } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createApp } from './http/create-app.ts';
import { loadRulesDir } from './rules/load-rule-file.ts';
import { openStore } from './store/open-store.ts';
import { buildWebhook } from './webhooks/build-webhook.ts';
import { directoryOf, webhookUrl } from './webhooks/webhook-runtime.ts';

async function main(config: Config): Promise<void> {
  const logger = pino({ level: config.logLevel });
  const { definitions, problems } = await loadRulesDir(config.rulesDir);
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    for (const problem of errors) {
      process.stderr.write(`${problem.file}:${problem.line}:${problem.column}: error: ${problem.message}\n`);
    }
    throw new ConfigError(`${errors.length} error(s) in the rule files in ${config.rulesDir}; run: npx optline check ${config.rulesDir}`);
  }
  const store = await openStore(config);
  const webhooks = directoryOf(await Promise.all(definitions.map((definition) => buildWebhook(definition, store, process.env))));
  const app = createApp({ store, webhooks, adminToken: config.adminToken, publicUrl: config.publicUrl, logger });
  const server = app.listen(config.port, config.host, () => {
    const storage = config.mongodbUri ? 'MongoDB' : `embedded store in ${config.dataDir}`;
    process.stdout.write(`Optline listening on ${config.publicUrl} (${storage}, rules from ${config.rulesDir})\n`);
    for (const webhook of webhooks.list()) {
      process.stdout.write(`  ${webhook.summary.id} (${webhook.summary.vendor}${webhook.summary.type ? ` ${webhook.summary.type}` : ''}): POST ${webhookUrl(config.publicUrl, webhook)}\n`);
      if (webhook.warning) logger.warn(webhook.warning);
    }
    if (!config.adminToken) process.stdout.write('  admin API off (set OPTLINE_ADMIN_TOKEN to turn it on)\n');
  });
  const shutdown = () => {
    server.close(() => void store.close().finally(() => process.exit(0)));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

try {
  await main(loadConfig());
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`optline: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
