// Webhooks whose replies are queued but can never be sent: a Custom webhook without a `send` request, or one
// whose credentials file takes its secret from an environment variable that is not set, or holds another
// vendor's credentials. The dispatcher finds out only when a reply fails its last try, so start-up and
// `optline check` say so at once.
import type { FileCredentials } from './admin-files.ts';

export interface ReplyingWebhook {
  id: string;
  vendor: string;
  /** null for a feedback webhook that names none. */
  credentials: string | null;
  send: unknown;
  /** Whether the webhook queues replies at all (an inbound webhook does, a feedback-only one does not). */
  replies: boolean;
}

/** One reason a webhook's replies cannot be sent, at the JSON pointer of its rule file that causes it. */
export interface UnsendableReply {
  webhookId: string;
  pointer: string;
  message: string;
}

export function unsendableReplies(
  webhooks: readonly ReplyingWebhook[],
  credentialFiles: readonly FileCredentials[],
  env: NodeJS.ProcessEnv,
): UnsendableReply[] {
  const found: UnsendableReply[] = [];
  for (const webhook of webhooks) {
    if (!webhook.replies) continue;
    const flag = (pointer: string, why: string) =>
      found.push({ webhookId: webhook.id, pointer, message: `webhook ${webhook.id} cannot send its replies: ${why}` });
    if (webhook.vendor === 'custom' && (webhook.send === null || webhook.send === undefined)) {
      flag(
        '/vendor',
        'a custom webhook needs a "send" request (how to call the provider\'s send API); without one every reply fails',
      );
    }
    const credentials = credentialFiles.find((file) => file.name === webhook.credentials);
    if (credentials === undefined) continue; // credentials from the admin API, or none (start-up says so apart)
    if (credentials.vendor !== webhook.vendor) {
      flag(
        '/credentials',
        `its credentials "${credentials.name}" (${credentials.file}) are for ${credentials.vendor}, not ${webhook.vendor}`,
      );
    }
    // As CredentialsAdmin.resolve reads it: an empty value is no secret.
    if ((env[credentials.secretEnv] ?? '') === '') {
      flag(
        '/credentials',
        `its credentials "${credentials.name}" (${credentials.file}) take their secret from ${credentials.secretEnv}, which is not set`,
      );
    }
  }
  return found;
}
