// A webhook ready to take callbacks: what ingestion needs, its URL secret and how callbacks authenticate.
import type { CustomSendRequest } from '../vendors/custom/custom-send-client.ts';
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
  /** 'file': a rule file in the rules directory (read-only through the API); 'api': managed through the API. */
  source: 'file' | 'api';
  /** The admin API's revision number; null for a rule file. */
  revision: number | null;
  /** Both null for a feedback webhook that names no credentials (in effect at once; it sends nothing). */
  credentials: string | null;
  senderNumber: string | null;
  consentScope: 'sender' | 'global';
  /** The rule file's `verify` method its callbacks' signature or credentials are checked by; null: the URL alone. */
  verification: string | null;
  /** What its payload template leaves to defaults (no {{originTimestamp}}, say), as `line:column: message`. */
  templateWarnings: string[];
}

export interface WebhookRuntime {
  summary: WebhookSummary;
  target: IngestTarget;
  secret: string;
  /** Its template reads JSON inside a string, as in an AWS SNS envelope: text/plain bodies are accepted too. */
  expectsSnsEnvelope: boolean;
  authenticate: CallbackAuthenticator;
  /** Why the webhook cannot take callbacks yet, if it cannot (shown at start and in the API). */
  warning: string | null;
  /** Custom webhooks: the HTTP request that sends their replies, from the rule file. */
  send: CustomSendRequest | null;
  /**
   * Webhooks read through a payload template (Custom) may be fed by any provider, so they answer providers'
   * subscription handshakes (src/handshakes); null for a native vendor's webhook, which answers none.
   */
  handshakes: { snsAutoConfirm: boolean } | null;
}

export interface WebhookDirectory {
  get(id: string): WebhookRuntime | undefined;
  list(): WebhookRuntime[];
  /** Why the webhook does not take effect (no credentials, or not attached to a channel); null when it does. */
  inactiveReason(webhook: WebhookRuntime): string | null;
  /** Whether a channel configuration attaches the webhook's credentials to this number. */
  sendsFrom(webhook: WebhookRuntime, number: string): boolean;
}

export function webhookUrl(publicUrl: string, webhook: WebhookRuntime): string {
  return webhookUrlOf(publicUrl, webhook.summary.id, webhook.secret);
}

export function webhookUrlOf(publicUrl: string, webhookId: string, secret: string): string {
  return `${publicUrl}/webhooks/${encodeURIComponent(webhookId)}/${secret}`;
}

/** The URL as logs may show it: the secret segment, which alone authenticates many providers, is hidden. */
export function maskedWebhookUrl(publicUrl: string, webhookId: string): string {
  return `${publicUrl}/webhooks/${encodeURIComponent(webhookId)}/<secret>`;
}
