// Which send client carries a webhook's replies: the one of its vendor, built from the credentials its rule
// file names. Null when those credentials are not configured (the dispatcher retries, then fails the entry
// with that reason); throws with the reason when they cannot serve the vendor.
import type { Credentials } from '../credentials/credentials.ts';
import { createCustomSendClient, type CustomSendRequest } from '../vendors/custom/custom-send-client.ts';
import { createInfobipSendClient } from '../vendors/infobip/infobip-send-client.ts';
import { createSinchConversationSendClient } from '../vendors/sinch-conversational/sinch-conversation-send-client.ts';
import { createSinchSendClient } from '../vendors/sinch/sinch-send-client.ts';
import type { ClientFor } from './dispatcher.ts';
import type { HttpSendOptions } from '../send/provider-request.ts';
import type { SendClient } from '../send/send-client.ts';

type Factory = (credentials: Credentials, options: HttpSendOptions) => SendClient;

const FACTORIES: ReadonlyMap<string, Factory> = new Map<string, Factory>([
  ['sinch', createSinchSendClient],
  ['sinch-conversational', createSinchConversationSendClient],
  ['infobip', createInfobipSendClient],
]);

export interface SendClientResolverDeps {
  webhooks: { get(id: string): { summary: { vendor: string; credentials: string }; send: CustomSendRequest | null } | undefined };
  /** The named credentials with their plain secret; null when none are configured by that name. */
  resolveCredentials: (name: string) => Promise<Credentials | null>;
  options?: HttpSendOptions;
}

export function sendClientResolver(deps: SendClientResolverDeps): ClientFor {
  return async (webhookId) => {
    const webhook = deps.webhooks.get(webhookId);
    if (!webhook) throw new Error(`webhook ${webhookId} no longer exists`);
    const { vendor, credentials: name } = webhook.summary;
    const send = webhook.send;
    const factory: Factory | undefined =
      vendor === 'custom'
        ? send === null ? undefined : (credentials, options) => createCustomSendClient(credentials, send, options)
        : FACTORIES.get(vendor);
    if (!factory) {
      throw new Error(vendor === 'custom' ? `custom webhook ${webhookId} has no "send" request in its rule file` : `sending through a ${vendor} webhook is not supported`);
    }
    const credentials = await deps.resolveCredentials(name);
    if (credentials === null) return null;
    return factory(credentials, deps.options ?? {});
  };
}
