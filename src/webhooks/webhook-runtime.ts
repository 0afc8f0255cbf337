// A webhook ready to take callbacks: what ingestion needs, its URL secret and how callbacks authenticate.
import type { CallbackAuthenticator } from './callback-authenticator.ts';
import type { IngestTarget } from './ingest-callback.ts';

export interface WebhookSummary {
  id: string;
  name: string;
  description: string;
  vendor: string;
  type: 'inbound' | 'feedback' | null;
  version: string;
  contentHash: string;
  file: string | null;
  senderNumber: string;
  consentScope: 'sender' | 'global';
}

export interface WebhookRuntime {
  summary: WebhookSummary;
  target: IngestTarget;
  secret: string;
  authenticate: CallbackAuthenticator;
  /** Why the webhook cannot take callbacks yet, if it cannot (shown at start and in the API). */
  warning: string | null;
}

export interface WebhookDirectory {
  get(id: string): WebhookRuntime | undefined;
  list(): WebhookRuntime[];
}

export function webhookUrl(publicUrl: string, webhook: WebhookRuntime): string {
  return `${publicUrl}/webhooks/${encodeURIComponent(webhook.summary.id)}/${webhook.secret}`;
}

export function directoryOf(webhooks: WebhookRuntime[]): WebhookDirectory {
  const byId = new Map(webhooks.map((webhook) => [webhook.summary.id, webhook]));
  return { get: (id) => byId.get(id), list: () => [...byId.values()] };
}
