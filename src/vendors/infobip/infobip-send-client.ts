// Sends a reply through Infobip: POST {baseUrl}/sms/2/text/advanced with `Authorization: App {apiKey}`.
// baseUrl is the account's own API host, secret the API key. The outbox id travels as the destination's
// `messageId` (so Infobip's delivery reports carry it) and as `callbackData`. Infobip documents no
// idempotency key, so these correlate rather than deduplicate. lookup reads the message logs by that message id
// (GET {baseUrl}/sms/1/logs?messageId=...); Infobip keeps them 48 hours.
import { requireCredentials, type Credentials, type CredentialsRequirement } from '../../credentials/credentials.ts';
import { jsonPost, sendProviderRequest, vendorUrl, type HttpSendOptions } from '../../send/provider-request.ts';
import type { SendClient } from '../../send/send-client.ts';
import { parseMessageIdPath, readMessageIdAt, valueAt } from '../../send/message-id-path.ts';
import { lookupProviderMessage } from '../../send/provider-lookup.ts';

export const INFOBIP_CREDENTIALS: CredentialsRequirement = {
  vendor: 'infobip',
  fields: ['baseUrl', 'secret'],
  accountIdMeans: null,
};

export function createInfobipSendClient(credentials: Credentials, options: HttpSendOptions = {}): SendClient {
  requireCredentials(credentials, INFOBIP_CREDENTIALS);
  const url = vendorUrl(credentials.baseUrl, ['sms', '2', 'text', 'advanced']);
  return {
    send(message, signal) {
      const body = {
        messages: [
          {
            from: message.from,
            destinations: [{ to: message.to, messageId: message.outboxId }],
            text: message.text,
            callbackData: message.outboxId,
          },
        ],
      };
      const request = jsonPost(url, `App ${credentials.secret}`, body);
      return sendProviderRequest(request, readMessageId, { ...options, signal });
    },
    lookup(query, signal) {
      const logs = `${vendorUrl(credentials.baseUrl, ['sms', '1', 'logs'])}?${new URLSearchParams({ messageId: query.outboxId })}`;
      return lookupProviderMessage(logs, `App ${credentials.secret}`, (body) => loggedMessage(body, query.outboxId), {
        ...options,
        signal,
      });
    },
  };
}

function loggedMessage(body: unknown, messageId: string): string | null | undefined {
  const results = valueAt(body, ['results']);
  if (!Array.isArray(results)) return undefined;
  return results.some((result) => valueAt(result, ['messageId']) === messageId) ? messageId : null;
}

// Infobip answers 200 per request and states each message's fate in `messages[i].status`; group 5 (REJECTED)
// means this message will not be sent.
const REJECTED_GROUP_ID = 5;
const MESSAGE_ID = parseMessageIdPath('$.messages[0].messageId');
const STATUS = parseMessageIdPath('$.messages[0].status');

function readMessageId(body: unknown): string | { refused: string } | null {
  const status = valueAt(body, STATUS);
  if (typeof status === 'object' && status !== null) {
    const { groupId, groupName, name, description } = status as Record<string, unknown>;
    if (groupId === REJECTED_GROUP_ID || groupName === 'REJECTED') {
      return { refused: [name, description].filter((part) => typeof part === 'string').join(': ') || 'REJECTED' };
    }
  }
  return readMessageIdAt(body, MESSAGE_ID);
}
