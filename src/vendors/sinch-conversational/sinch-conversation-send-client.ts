// Sends a reply through the Sinch Conversation API: POST {baseUrl}/v1/projects/{projectId}/messages:send,
// to the recipient's SMS channel identity, with our number as SMS_SENDER. accountId is the project id, secret
// the bearer token, options.appId (or options.app_id) the Conversation app. The outbox id travels as
// `correlation_id`, echoed in delivery callbacks; the API does not deduplicate on it.
import { AppError } from '../../errors.ts';
import { requireCredentials, type Credentials, type CredentialsRequirement } from '../../credentials/credentials.ts';
import { jsonPost, sendProviderRequest, vendorUrl, type HttpSendOptions } from '../../send/provider-request.ts';
import type { SendClient } from '../../send/send-client.ts';
import { messageIdReader } from '../../send/message-id-path.ts';

const readMessageId = messageIdReader('$.message_id');

export const SINCH_CONVERSATION_CREDENTIALS: CredentialsRequirement = {
  vendor: 'sinch-conversational',
  fields: ['baseUrl', 'accountId', 'secret'],
  accountIdMeans: 'project id',
};

export function createSinchConversationSendClient(credentials: Credentials, options: HttpSendOptions = {}): SendClient {
  requireCredentials(credentials, SINCH_CONVERSATION_CREDENTIALS);
  const appId = credentials.options.appId ?? credentials.options.app_id;
  if (typeof appId !== 'string' || appId === '') {
    throw new AppError(
      'validation_failed',
      `credentials "${credentials.name}" cannot send: options.appId (the Conversation app id) is required`,
      [{ path: 'options.appId', message: 'the Conversation app id is required for sinch-conversational' }],
    );
  }
  const url = vendorUrl(credentials.baseUrl, ['v1', 'projects', credentials.accountId, 'messages'], ':send');
  return {
    send(message, signal) {
      const body = {
        app_id: appId,
        recipient: { identified_by: { channel_identities: [{ channel: 'SMS', identity: message.to }] } },
        message: { text_message: { text: message.text } },
        channel_priority_order: ['SMS'],
        channel_properties: { SMS_SENDER: message.from },
        correlation_id: message.outboxId,
      };
      const request = jsonPost(url, `Bearer ${credentials.secret}`, body);
      return sendProviderRequest(request, readMessageId, { ...options, signal });
    },
  };
}
