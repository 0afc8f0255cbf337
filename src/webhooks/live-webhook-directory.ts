// The webhooks that take callbacks, changed while the service runs: the admin API puts, replaces and removes
// webhooks, and swaps in new attachments. Each change is one assignment, so a request sees the old webhook or
// the new one, never a mix; a request already under way finishes with the webhook it found.
import { inactiveReason, NO_ATTACHMENTS, sendsFrom, type Attachments } from './attachments.ts';
import type { WebhookDirectory, WebhookRuntime } from './webhook-runtime.ts';

export class LiveWebhookDirectory implements WebhookDirectory {
  private byId = new Map<string, WebhookRuntime>();
  private attachments: Attachments = NO_ATTACHMENTS;

  constructor(webhooks: WebhookRuntime[] = []) {
    for (const webhook of webhooks) this.byId.set(webhook.summary.id, webhook);
  }

  get(id: string): WebhookRuntime | undefined {
    return this.byId.get(id);
  }

  list(): WebhookRuntime[] {
    return [...this.byId.values()].sort((a, b) => a.summary.id.localeCompare(b.summary.id));
  }

  put(webhook: WebhookRuntime): void {
    this.byId.set(webhook.summary.id, webhook);
  }

  remove(id: string): void {
    this.byId.delete(id);
  }

  setAttachments(attachments: Attachments): void {
    this.attachments = attachments;
  }

  inactiveReason(webhook: WebhookRuntime): string | null {
    return inactiveReason(webhook.summary, this.attachments);
  }

  sendsFrom(webhook: WebhookRuntime, number: string): boolean {
    return sendsFrom(webhook.summary.credentials, number, this.attachments);
  }

  senderRefusal(webhookId: string, from: string): string | null {
    const webhook = this.byId.get(webhookId);
    if (!webhook || this.sendsFrom(webhook, from)) return null; // a removed webhook fails in its send client
    return `no channel configuration attaches the credentials "${webhook.summary.credentials}" of webhook ${webhookId} to ${from}: the reply is not sent from another number`;
  }
}
