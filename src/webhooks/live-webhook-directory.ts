// The webhooks that take callbacks, changed while the service runs: the admin API puts, replaces and removes
// webhooks, and swaps in new attachments. Each change is one assignment, so a request sees the old webhook or
// the new one, never a mix; a request already under way finishes with the webhook it found.
import { inactiveReason, NO_ATTACHMENTS, type Attachments } from './attachments.ts';
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
}
