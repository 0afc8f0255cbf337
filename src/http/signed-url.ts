// The URL a provider signed a callback for (Twilio's signature covers it): the configured public URL of the
// webhook and the query as received -- never the Host header, which a proxy rewrites and a sender controls.
import { webhookUrl, type WebhookRuntime } from '../webhooks/webhook-runtime.ts';

export function signedUrl(publicUrl: string, webhook: WebhookRuntime, originalUrl: string): string {
  const queryAt = originalUrl.indexOf('?');
  return webhookUrl(publicUrl, webhook) + (queryAt === -1 ? '' : originalUrl.slice(queryAt));
}
