// Sends a reply through the Sinch SMS REST API (XMS): POST {baseUrl}/xms/v1/{servicePlanId}/batches.
// accountId is the service plan id, secret the API token. The outbox id travels as `client_reference`, which
// Sinch echoes in delivery reports; Sinch does not deduplicate on it, so it correlates rather than protects.
// lookup lists the batches created since the entry was queued with that client_reference
// (GET {baseUrl}/xms/v1/{servicePlanId}/batches?client_reference=...&start_date=...; Sinch keeps 14 days).
import { requireCredentials, type Credentials, type CredentialsRequirement } from '../../credentials/credentials.ts';
import { jsonPost, sendProviderRequest, vendorUrl, type HttpSendOptions } from '../../send/provider-request.ts';
import type { SendClient } from '../../send/send-client.ts';
import { messageIdReader, readMessageIdAt, valueAt } from '../../send/message-id-path.ts';
import { lookupProviderMessage } from '../../send/provider-lookup.ts';

const readMessageId = messageIdReader('$.id');

export const SINCH_CREDENTIALS: CredentialsRequirement = {
  vendor: 'sinch',
  fields: ['baseUrl', 'accountId', 'secret'],
  accountIdMeans: 'service plan id',
};

export function createSinchSendClient(credentials: Credentials, options: HttpSendOptions = {}): SendClient {
  requireCredentials(credentials, SINCH_CREDENTIALS);
  const url = vendorUrl(credentials.baseUrl, ['xms', 'v1', credentials.accountId, 'batches']);
  return {
    send(message, signal) {
      const body = { from: message.from, to: [message.to], body: message.text, client_reference: message.outboxId };
      const request = jsonPost(url, `Bearer ${credentials.secret}`, body);
      return sendProviderRequest(request, readMessageId, { ...options, signal });
    },
    lookup(query, signal) {
      const start = new Date(Date.parse(query.since) - LOOKUP_MARGIN_MS).toISOString();
      const search = new URLSearchParams({ client_reference: query.outboxId, start_date: start, page_size: '10' });
      const read = (body: unknown) => batchWithReference(body, query.outboxId);
      return lookupProviderMessage(`${url}?${search}`, `Bearer ${credentials.secret}`, read, { ...options, signal });
    },
  };
}

const LOOKUP_MARGIN_MS = 60 * 60_000; // clocks differ: start the search an hour before the entry was queued

function batchWithReference(body: unknown, reference: string): string | null | undefined {
  const batches = valueAt(body, ['batches']);
  if (!Array.isArray(batches)) return undefined;
  for (const batch of batches) {
    if (valueAt(batch, ['client_reference']) !== reference) continue;
    const id = readMessageIdAt(batch, ['id']);
    if (id !== null) return id;
  }
  return null;
}
