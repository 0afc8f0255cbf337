// Sends a reply through the Sinch SMS REST API (XMS): POST {baseUrl}/xms/v1/{servicePlanId}/batches.
// accountId is the service plan id, secret the API token. The outbox id travels as `client_reference`, which
// Sinch echoes in delivery reports; Sinch does not deduplicate on it, so it correlates rather than protects.
import { requireCredentials, type Credentials } from '../../credentials/credentials.ts';
import { jsonPost, sendProviderRequest, vendorUrl, type HttpSendOptions } from '../../dispatch/provider-request.ts';
import type { SendClient } from '../../dispatch/send-client.ts';
import { messageIdReader } from '../../dispatch/message-id-path.ts';

const readMessageId = messageIdReader('$.id');

export function createSinchSendClient(credentials: Credentials, options: HttpSendOptions = {}): SendClient {
  requireCredentials(credentials, 'sinch', ['baseUrl', 'accountId', 'secret']);
  const url = vendorUrl(credentials.baseUrl, ['xms', 'v1', credentials.accountId, 'batches']);
  return {
    send(message, signal) {
      const body = { from: message.from, to: [message.to], body: message.text, client_reference: message.outboxId };
      const request = jsonPost(url, `Bearer ${credentials.secret}`, body);
      return sendProviderRequest(request, readMessageId, { ...options, signal });
    },
  };
}
