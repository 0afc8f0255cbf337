// Boots the real app (rule files, vendors, store) on an ephemeral loopback port for end-to-end tests.
import { LOOPBACK_OUTBOUND } from './loopback-outbound.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { startAdminServices, type AdminServices } from '../../src/admin/admin-services.ts';
import type { AdminStore } from '../../src/admin/admin-store.ts';
import { loadConfigurationDir } from '../../src/admin/configuration-dir.ts';
import { openSqliteAdminStore } from '../../src/admin/sqlite-admin-store.ts';
import type { AdminToken } from '../../src/config.ts';
import { createSecretBox } from '../../src/credentials/secret-box.ts';
import type { ClientFor } from '../../src/dispatch/dispatcher.ts';
import { sendClientResolver } from '../../src/dispatch/send-client-resolver.ts';
import { createApp } from '../../src/http/create-app.ts';
import type { RateLimits } from '../../src/http/rate-limits.ts';
import { webhookUrl } from '../../src/webhooks/webhook-runtime.ts';
import type { Store } from '../../src/store/store.ts';
import { REPO_DIR } from './corpus.ts';

export const FIXTURE_RULES_DIR = join(REPO_DIR, 'test', 'fixtures', 'rules');
export const ADMIN_TOKEN = 'e2e-admin-token';
/** The secrets the fixture rule files name by environment variable. */
export const FIXTURE_ENV = { E2E_SINCH_SECRET: 'SMSWebhooksSecret', E2E_INFOBIP_PASSWORD: 'infobip-password' };

/** The key test services seal API credentials with (32 bytes). */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7);

export interface RunningService {
  baseUrl: string;
  admin: AdminServices;
  /** The send clients as src/main.ts resolves them: each webhook's vendor, with the credentials it names. */
  clientFor: ClientFor;
  urlOf(webhookId: string): string;
  close(): Promise<void>;
}

export async function startService(options: {
  store: Store;
  rulesDir?: string;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  /** Default: a fresh embedded admin store, closed with the service. */
  adminStore?: AdminStore;
  /** Default: ADMIN_TOKEN labelled "admin". */
  adminTokens?: AdminToken[];
  /** Default: silent. */
  logger?: Logger;
  /** Hosts handshakes may fetch from besides the providers' (OPTLINE_OUTBOUND_ALLOW): the loopback fakes. */
  outboundAllow?: string[];
  /** The console routes' per-minute limits (default: the production ones). */
  rateLimits?: RateLimits;
}): Promise<RunningService> {
  const rulesDir = options.rulesDir ?? FIXTURE_RULES_DIR;
  const env = options.env ?? FIXTURE_ENV;
  const { definitions, files, problems } = await loadConfigurationDir(rulesDir, env);
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new Error(`fixture rule files have errors: ${JSON.stringify(errors)}`);
  // Without a store from the caller, a fresh embedded one in a directory of its own, both gone at close.
  const adminDir = options.adminStore === undefined ? mkdtempSync(join(tmpdir(), 'optline-admin-')) : undefined;
  const adminStore = options.adminStore ?? (await openSqliteAdminStore({ dir: adminDir ?? '' }));
  const admin = await startAdminServices({
    rulesDir,
    definitions,
    files,
    store: options.store,
    adminStore,
    box: createSecretBox(TEST_SECRET_KEY),
    env,
    outbound: LOOPBACK_OUTBOUND,
    ...(options.now ? { now: options.now } : {}),
  });
  const webhooks = admin.directory;
  const holder = { baseUrl: '' };
  const app = createApp({
    store: options.store,
    admin,
    adminTokens: options.adminTokens ?? [{ label: 'admin', token: ADMIN_TOKEN }],
    publicUrl: 'http://127.0.0.1',
    logger: options.logger ?? pino({ level: 'silent' }),
    ...(options.now ? { now: options.now } : {}),
    ...(options.outboundAllow ? { outboundAllow: options.outboundAllow } : {}),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  holder.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: holder.baseUrl,
    admin,
    clientFor: sendClientResolver({
      webhooks: admin.directory,
      resolveCredentials: (name) => admin.credentials.resolve(name),
      options: { outbound: LOOPBACK_OUTBOUND },
    }),
    urlOf(webhookId) {
      const webhook = webhooks.get(webhookId);
      if (!webhook) throw new Error(`no webhook ${webhookId} in the fixtures`);
      return webhookUrl(holder.baseUrl, webhook);
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (adminDir === undefined) return;
      await adminStore.close();
      rmSync(adminDir, { recursive: true, force: true });
    },
  };
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const raw = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: raw,
  });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { text };
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
