// Composition root: config -> rule, credentials and channel files -> stores -> webhooks -> listen.
import { createServer } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { pino } from 'pino';
import { startAdminServices } from './admin/admin-services.ts';
import { loadConfigurationDir } from './admin/configuration-dir.ts';
import { openAdminStore } from './admin/open-admin-store.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { SECRET_KEY_VARIABLE, secretBoxFromEnv } from './credentials/secret-box.ts';
import { Dispatcher } from './dispatch/dispatcher.ts';
import { sendClientResolver } from './dispatch/send-client-resolver.ts';
import { createApp } from './http/create-app.ts';
import { DrainGate, drainServer } from './http/drain-gate.ts';
import { RETRY_AFTER_SECONDS } from './http/error-middleware.ts';
import { PrometheusMetrics } from './metrics/prometheus-metrics.ts';
import { LOG_REDACTION } from './http/log-redaction.ts';
import { errorForLog } from './logged-error.ts';
import { formatProblem } from './rules/problem.ts';
import { openStore } from './store/open-store.ts';
import { maskedWebhookUrl } from './webhooks/webhook-runtime.ts';

/** How long a drain must see no connection before the listener closes: long enough to accept what the kernel queued. */
const DRAIN_QUIET_MS = 250;

async function main(config: Config): Promise<void> {
  // Before the heap grows: V8 reads the factor at each full collection. By default it lets the old generation
  // reach up to 4x what was live, and under load that was ~120 MB of uncollected garbage (RSS 210 MB).
  if (config.heapGrowthPercent > 0) setFlagsFromString(`--heap-growing-percent=${config.heapGrowthPercent}`);
  const logger = pino({ level: config.logLevel, ...LOG_REDACTION });
  const { definitions, files, problems } = await loadConfigurationDir(config.rulesDir, process.env);
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    for (const problem of errors) process.stderr.write(`${formatProblem(problem)}\n`);
    throw new ConfigError(
      `${errors.length} error(s) in the files in ${config.rulesDir}; run: npx optline check ${config.rulesDir}`,
    );
  }
  for (const warning of problems.filter((problem) => problem.severity === 'warning'))
    logger.warn(formatProblem(warning));
  const box = process.env[SECRET_KEY_VARIABLE]?.trim() ? secretBoxFromEnv() : null;
  // Instrumentation: the layers tell it what they do (ops-observer.ts); its lookups run only once serving.
  const metrics = new PrometheusMetrics({
    isWebhook: (webhookId) => admin.directory.get(webhookId) !== undefined,
    vendorOf: (webhookId) => admin.directory.get(webhookId)?.summary.vendor ?? null,
    outboxCounts: () => store.outboxCounts(),
  });
  const clientReplaced = (which: string) => () =>
    logger.warn(`MongoDB ${which}: the driver had stopped finding the server; a fresh client replaced it`);
  const store = await openStore(config, {
    groupCommitted: (size) => metrics.groupCommitted(size),
    clientReplaced: clientReplaced('event store'),
  });
  const adminStore = await openAdminStore(config, clientReplaced('admin store'));
  const admin = await startAdminServices({
    rulesDir: config.rulesDir,
    definitions,
    files,
    store,
    adminStore,
    box,
    env: process.env,
    outbound: { allow: config.outboundAllow },
  });
  // Instances sharing one MongoDB pick up each other's admin changes; a failed round is logged and retried.
  const syncTimer =
    config.adminSyncSeconds > 0
      ? setInterval(() => {
          admin.sync().then(
            (warnings) => warnings.forEach((warning) => logger.warn(warning)),
            (error: unknown) => logger.warn({ err: errorForLog(error) }, 'could not pick up admin changes'),
          );
        }, config.adminSyncSeconds * 1000).unref()
      : null;
  // Sends the outbox's replies through each webhook's vendor, with the credentials its rule file names.
  const clientFor = sendClientResolver({
    webhooks: admin.directory,
    resolveCredentials: (name) => admin.credentials.resolve(name),
    options: { outbound: { allow: config.outboundAllow } },
  });
  const dispatcher = config.dispatch
    ? new Dispatcher({
        store,
        clientFor,
        logger,
        pollIntervalMs: config.dispatchPollMs,
        credentialsOf: (webhookId) => admin.directory.get(webhookId)?.summary.credentials ?? null,
        senderRefusal: (webhookId, from) => admin.directory.senderRefusal(webhookId, from),
        observer: metrics,
      })
    : null;
  dispatcher?.start();
  const stopServices = async () => {
    if (syncTimer) clearInterval(syncTimer);
    await dispatcher?.stop(); // aborts in-flight sends; they are retried after a restart
    await Promise.all([store.close(), adminStore.close()]);
  };
  const drain = new DrainGate(RETRY_AFTER_SECONDS);
  const app = createApp({
    store,
    admin,
    adminTokens: config.adminTokens,
    publicUrl: config.publicUrl,
    logger,
    outboundAllow: config.outboundAllow,
    maxClockSkewSeconds: config.maxClockSkewSeconds,
    observer: metrics,
    metrics,
    metricsAccess: config.metrics,
    drain,
  });
  const server = createServer(app);
  // A port already in use (another instance, say) ends this one: it must not run on, sharing a store, unreachable.
  server.once('error', (error: NodeJS.ErrnoException) => {
    const reason = error.code === 'EADDRINUSE' ? 'the address is already in use' : error.message;
    process.stderr.write(`optline: cannot listen on ${config.host}:${config.port}: ${reason}\n`);
    void stopServices().finally(() => process.exit(1));
  });
  server.listen(config.port, config.host, () => {
    const storage = config.mongodbUri ? 'MongoDB' : `embedded store in ${config.dataDir}`;
    process.stdout.write(`Optline listening on ${config.publicUrl} (${storage}, rules from ${config.rulesDir})\n`);
    for (const webhook of admin.directory.list()) {
      process.stdout.write(
        `  ${webhook.summary.id} (${webhook.summary.vendor}${webhook.summary.type ? ` ${webhook.summary.type}` : ''}): POST ${maskedWebhookUrl(config.publicUrl, webhook.summary.id)}\n`,
      );
      if (webhook.warning) logger.warn(webhook.warning);
      const inactive = admin.directory.inactiveReason(webhook);
      if (inactive) logger.warn(`${webhook.summary.id}: ${inactive}`);
    }
    for (const warning of admin.warnings) logger.warn(warning);
    // The secret segment stays out of this output, which usually ends up in logs.
    if (admin.directory.list().length > 0)
      process.stdout.write('  the URLs with their secrets: npx optline webhooks urls (or GET /api/webhooks)\n');
    if (config.adminTokens.length === 0)
      process.stdout.write('  admin API off (set OPTLINE_ADMIN_TOKEN to turn it on)\n');
    if (!box)
      logger.info(
        `${SECRET_KEY_VARIABLE} is not set: credentials can be declared in files but not created through the API`,
      );
  });
  // Graceful shutdown: new requests get 503 with Retry-After, admitted ones finish, connections end after their
  // answer; once quiet, or after OPTLINE_DRAIN_SECONDS, the stores close (their queued writes committed), exit 0.
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, drainSeconds: config.drainSeconds }, 'shutting down: draining requests');
    void drainServer(server, drain, { quietMs: DRAIN_QUIET_MS, deadlineMs: config.drainSeconds * 1000 })
      .then((outcome) => {
        if (outcome === 'deadline') logger.warn('the drain reached OPTLINE_DRAIN_SECONDS: open connections closed');
        // A store that does not close (MongoDB unreachable) must not hold the exit forever.
        setTimeout(() => {
          process.stderr.write('optline: the stores did not close in time\n');
          process.exit(1);
        }, 10_000).unref();
        return stopServices();
      })
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: errorForLog(error) }, 'could not close the stores');
          process.exit(1);
        },
      );
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
