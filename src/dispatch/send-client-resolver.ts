// Which send client carries a webhook's replies: the one of its vendor, built from the credentials its rule
// file names. Null when those credentials are not configured (the dispatcher retries, then fails the entry
// with that reason); throws with the reason when they cannot serve the vendor.
import type { Credentials } from '../credentials/credentials.ts';
import type { HttpSendOptions } from '../send/provider-request.ts';
import type { CustomSendRequest } from '../vendors/custom/custom-send-client.ts';
import { isVendorId, vendorDefinition } from '../vendors/vendor-registry.ts';
import type { ClientFor } from './dispatcher.ts';

export interface SendClientResolverDeps {
  webhooks: {
    get(
      id: string,
    ): { summary: { vendor: string; credentials: string | null }; send: CustomSendRequest | null } | undefined;
  };
  /** The named credentials with their plain secret; null when none are configured by that name. */
  resolveCredentials: (name: string) => Promise<Credentials | null>;
  options?: HttpSendOptions;
}

export function sendClientResolver(deps: SendClientResolverDeps): ClientFor {
  return async (webhookId) => {
    const webhook = deps.webhooks.get(webhookId);
    if (!webhook) throw new Error(`webhook ${webhookId} no longer exists`);
    const { vendor, credentials: name } = webhook.summary;
    // A feedback webhook may name no credentials; a reply queued before it replaced an inbound one has none.
    if (name === null) throw new Error(`webhook ${webhookId} names no credentials: it sends no replies`);
    const send = webhook.send;
    if (!isVendorId(vendor)) throw new Error(`sending through a ${vendor} webhook is not supported`);
    const sending = vendorDefinition(vendor).send;
    if (sending.requestFromRuleFile && send === null)
      throw new Error(`${vendor} webhook ${webhookId} has no "send" request in its rule file`);
    const credentials = await deps.resolveCredentials(name);
    if (credentials === null) return null;
    return sending.createClient(credentials, deps.options ?? {}, send);
  };
}
