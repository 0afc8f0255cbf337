import { LOOPBACK_OUTBOUND } from '../../support/loopback-outbound.ts';
import { expect } from 'chai';
import type { Credentials } from '../../../src/credentials/credentials.ts';
import { AppError } from '../../../src/errors.ts';
import { createSinchConversationSendClient } from '../../../src/vendors/sinch-conversational/sinch-conversation-send-client.ts';
import { startFakeSinchConversation, type FakeProvider } from '../../support/fake-providers.ts';
import { describeSendClientContract, MESSAGE } from './send-client-contract.ts';

const PROJECT = 'project-7';
const TOKEN = 'conversation-token';

function credentials(
  baseUrl: string,
  secret = TOKEN,
  options: Record<string, unknown> = { appId: 'app-01' },
): Credentials {
  return { name: 'sinch-conversation', vendor: 'sinch-conversational', baseUrl, accountId: PROJECT, secret, options };
}

describeSendClientContract('Sinch Conversation', async () => {
  const provider = await startFakeSinchConversation({ projectId: PROJECT, token: TOKEN });
  return {
    provider,
    client: (options) =>
      createSinchConversationSendClient(credentials(provider.baseUrl), { ...options, outbound: LOOPBACK_OUTBOUND }),
    clientWithWrongSecret: () =>
      createSinchConversationSendClient(credentials(provider.baseUrl, 'wrong'), { outbound: LOOPBACK_OUTBOUND }),
    idempotencyKeyOf: (request) => (request.json as { correlation_id?: unknown } | undefined)?.correlation_id,
    messageIdIn: (answered) => (answered as { message_id?: unknown } | undefined)?.message_id,
  };
});

describe('Sinch Conversation send client', () => {
  let provider: FakeProvider;
  beforeEach(async () => {
    provider = await startFakeSinchConversation({ projectId: PROJECT, token: TOKEN });
  });
  afterEach(() => provider.close());

  it('sends an SMS text message to the channel identity, from our number, with the outbox id as correlation_id', async () => {
    const outcome = await createSinchConversationSendClient(credentials(provider.baseUrl), {
      outbound: LOOPBACK_OUTBOUND,
    }).send(MESSAGE);
    expect(outcome).to.deep.equal({ ok: true, providerMessageId: '01CONVMSG000001' });
    const [request] = provider.requests;
    expect(request?.method).to.equal('POST');
    expect(request?.path).to.equal('/v1/projects/project-7/messages:send');
    expect(request?.headers.authorization).to.equal('Bearer conversation-token');
    expect(request?.json).to.deep.equal({
      app_id: 'app-01',
      recipient: { identified_by: { channel_identities: [{ channel: 'SMS', identity: '+15557654321' }] } },
      message: { text_message: { text: 'You are unsubscribed.' } },
      channel_priority_order: ['SMS'],
      channel_properties: { SMS_SENDER: '+15550001111' },
      correlation_id: 'outbox-0001',
    });
  });

  it('takes the app id as options.app_id too', async () => {
    await createSinchConversationSendClient(credentials(provider.baseUrl, TOKEN, { app_id: 'app-02' }), {
      outbound: LOOPBACK_OUTBOUND,
    }).send(MESSAGE);
    expect(provider.requests[0]?.json).to.have.property('app_id', 'app-02');
  });

  it('refuses credentials without an app id when it is built', () => {
    expect(() =>
      createSinchConversationSendClient(credentials(provider.baseUrl, TOKEN, {}), { outbound: LOOPBACK_OUTBOUND }),
    ).to.throw(AppError, /options\.appId/);
  });
});
