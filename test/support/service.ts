// Boots the real app (rule files, vendors, store) on an ephemeral loopback port for end-to-end tests.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../../src/http/create-app.ts';
import { loadRulesDir } from '../../src/rules/load-rule-file.ts';
import { buildWebhook } from '../../src/webhooks/build-webhook.ts';
import { directoryOf, webhookUrl } from '../../src/webhooks/webhook-runtime.ts';
import type { Store } from '../../src/store/store.ts';
import { REPO_DIR } from './corpus.ts';

export const FIXTURE_RULES_DIR = join(REPO_DIR, 'test', 'fixtures', 'rules');
export const ADMIN_TOKEN = 'e2e-admin-token';
/** The secrets the fixture rule files name by environment variable. */
export const FIXTURE_ENV = { E2E_SINCH_SECRET: 'SMSWebhooksSecret', E2E_INFOBIP_PASSWORD: 'infobip-password' };

export interface RunningService {
  baseUrl: string;
  urlOf(webhookId: string): string;
  close(): Promise<void>;
}

export async function startService(options: {
  store: Store;
  rulesDir?: string;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}): Promise<RunningService> {
  const { definitions, problems } = await loadRulesDir(options.rulesDir ?? FIXTURE_RULES_DIR);
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new Error(`fixture rule files have errors: ${JSON.stringify(errors)}`);
  const env = options.env ?? FIXTURE_ENV;
  const webhooks = directoryOf(await Promise.all(definitions.map((definition) => buildWebhook(definition, options.store, env))));
  const holder = { baseUrl: '' };
  const app = createApp({
    store: options.store,
    webhooks,
    adminToken: ADMIN_TOKEN,
    publicUrl: 'http://127.0.0.1',
    logger: pino({ level: 'silent' }),
    ...(options.now ? { now: options.now } : {}),
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  holder.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: holder.baseUrl,
    urlOf(webhookId) {
      const webhook = webhooks.get(webhookId);
      if (!webhook) throw new Error(`no webhook ${webhookId} in the fixtures`);
      return webhookUrl(holder.baseUrl, webhook);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
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
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { text };
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
