import { LOOPBACK_OUTBOUND } from '../../support/loopback-outbound.ts';
import { expect } from 'chai';
import type { Credentials } from '../../../src/credentials/credentials.ts';
import { createInfobipSendClient } from '../../../src/vendors/infobip/infobip-send-client.ts';
import { startFakeInfobip, type FakeProvider } from '../../support/fake-providers.ts';
import { describeSendClientContract, MESSAGE } from './send-client-contract.ts';

const API_KEY = 'infobip-key-123';

function credentials(baseUrl: string, secret = API_KEY): Credentials {
  return { name: 'infobip', vendor: 'infobip', baseUrl, accountId: '', secret, options: {} };
}

interface InfobipBody {
  messages?: Array<{ destinations?: Array<{ messageId?: unknown }>; callbackData?: unknown }>;
}

describeSendClientContract('Infobip', async () => {
  const provider = await startFakeInfobip({ apiKey: API_KEY });
  return {
    provider,
    client: (options) =>
      createInfobipSendClient(credentials(provider.baseUrl), { ...options, outbound: LOOPBACK_OUTBOUND }),
    clientWithWrongSecret: () =>
      createInfobipSendClient(credentials(provider.baseUrl, 'wrong'), { outbound: LOOPBACK_OUTBOUND }),
    idempotencyKeyOf: (request) =>
      (request.json as InfobipBody | undefined)?.messages?.[0]?.destinations?.[0]?.messageId,
    messageIdIn: (answered) =>
      (answered as { messages?: Array<{ messageId?: unknown }> } | undefined)?.messages?.[0]?.messageId,
  };
});

describe('Infobip send client', () => {
  let provider: FakeProvider;
  beforeEach(async () => {
    provider = await startFakeInfobip({ apiKey: API_KEY });
  });
  afterEach(() => provider.close());

  it('posts one advanced text message with the App key, the outbox id as messageId and callbackData', async () => {
    const outcome = await createInfobipSendClient(credentials(provider.baseUrl), { outbound: LOOPBACK_OUTBOUND }).send(
      MESSAGE,
    );
    expect(outcome).to.deep.equal({ ok: true, providerMessageId: 'outbox-0001' });
    const [request] = provider.requests;
    expect(request?.method).to.equal('POST');
    expect(request?.path).to.equal('/sms/2/text/advanced');
    expect(request?.headers.authorization).to.equal('App infobip-key-123');
    expect(request?.json).to.deep.equal({
      messages: [
        {
          from: '+15550001111',
          destinations: [{ to: '+15557654321', messageId: 'outbox-0001' }],
          text: 'You are unsubscribed.',
          callbackData: 'outbox-0001',
        },
      ],
    });
  });

  it('looks a message up in the message logs by the outbox id it was sent under', async () => {
    const client = createInfobipSendClient(credentials(provider.baseUrl), { outbound: LOOPBACK_OUTBOUND });
    const since = '2024-05-01T10:00:00.000Z';
    expect(await client.lookup?.({ outboxId: MESSAGE.outboxId, since })).to.deep.equal({ kind: 'absent' });
    expect((await client.send(MESSAGE)).ok).to.equal(true);
    expect(await client.lookup?.({ outboxId: MESSAGE.outboxId, since })).to.deep.equal({
      kind: 'found',
      providerMessageId: 'outbox-0001',
    });
    expect(provider.lookups.map((request) => [request.path, request.headers.authorization])).to.deep.equal([
      ['/sms/1/logs?messageId=outbox-0001', 'App infobip-key-123'],
      ['/sms/1/logs?messageId=outbox-0001', 'App infobip-key-123'],
    ]);
    expect(provider.requests).to.have.length(1);
  });

  it('reads the message id Infobip assigns', async () => {
    provider.answerNext({
      status: 200,
      body: JSON.stringify({ bulkId: 'b', messages: [{ messageId: '4021', status: { groupId: 1 } }] }),
    });
    expect(
      await createInfobipSendClient(credentials(provider.baseUrl), { outbound: LOOPBACK_OUTBOUND }).send(MESSAGE),
    ).to.deep.equal({
      ok: true,
      providerMessageId: '4021',
    });
  });

  it('treats a 200 answer whose message is in the REJECTED group as a permanent failure', async () => {
    provider.answerNext({
      status: 200,
      body: JSON.stringify({
        messages: [
          {
            messageId: 'outbox-0001',
            status: {
              groupId: 5,
              groupName: 'REJECTED',
              id: 12,
              name: 'REJECTED_NOT_ENOUGH_CREDITS',
              description: 'Not enough credits',
            },
          },
        ],
      }),
    });
    const outcome = await createInfobipSendClient(credentials(provider.baseUrl), { outbound: LOOPBACK_OUTBOUND }).send(
      MESSAGE,
    );
    expect(outcome).to.deep.equal({
      ok: false,
      retryable: false,
      reason: 'refused with HTTP 200: REJECTED_NOT_ENOUGH_CREDITS: Not enough credits',
    });
  });
});
