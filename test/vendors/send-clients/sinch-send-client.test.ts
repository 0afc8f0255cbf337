import { LOOPBACK_OUTBOUND } from '../../support/loopback-outbound.ts';
import { expect } from 'chai';
import type { Credentials } from '../../../src/credentials/credentials.ts';
import { AppError } from '../../../src/errors.ts';
import { createSinchSendClient } from '../../../src/vendors/sinch/sinch-send-client.ts';
import { startFakeSinch, type FakeProvider } from '../../support/fake-providers.ts';
import { describeSendClientContract, MESSAGE } from './send-client-contract.ts';
import { until } from '../../support/until.ts';

const SERVICE_PLAN = 'plan-42';
const TOKEN = 'sinch-token-abc';

function credentials(baseUrl: string, secret = TOKEN): Credentials {
  return { name: 'sinch-eu', vendor: 'sinch', baseUrl, accountId: SERVICE_PLAN, secret, options: {} };
}

describeSendClientContract('Sinch SMS', async () => {
  const provider = await startFakeSinch({ servicePlanId: SERVICE_PLAN, token: TOKEN });
  return {
    provider,
    client: (options) =>
      createSinchSendClient(credentials(provider.baseUrl), { ...options, outbound: LOOPBACK_OUTBOUND }),
    clientWithWrongSecret: () =>
      createSinchSendClient(credentials(provider.baseUrl, 'wrong'), { outbound: LOOPBACK_OUTBOUND }),
    idempotencyKeyOf: (request) => (request.json as { client_reference?: unknown } | undefined)?.client_reference,
    messageIdIn: (answered) => (answered as { id?: unknown } | undefined)?.id,
  };
});

describe('Sinch SMS send client', () => {
  let provider: FakeProvider;
  beforeEach(async () => {
    provider = await startFakeSinch({ servicePlanId: SERVICE_PLAN, token: TOKEN });
  });
  afterEach(() => provider.close());

  it('posts one batch with bearer token, sender, recipient, text and the outbox id as client_reference', async () => {
    const outcome = await createSinchSendClient(credentials(`${provider.baseUrl}/`), {
      outbound: LOOPBACK_OUTBOUND,
    }).send(MESSAGE);
    expect(outcome).to.deep.equal({ ok: true, providerMessageId: '01SINCHBATCH000001' });
    const [request] = provider.requests;
    expect(request?.method).to.equal('POST');
    expect(request?.path).to.equal('/xms/v1/plan-42/batches');
    expect(request?.headers.authorization).to.equal('Bearer sinch-token-abc');
    expect(request?.headers['content-type']).to.equal('application/json');
    expect(request?.json).to.deep.equal({
      from: '+15550001111',
      to: ['+15557654321'],
      body: 'You are unsubscribed.',
      client_reference: 'outbox-0001',
    });
  });

  it('looks a message up by its client_reference among the batches created since the entry was queued', async () => {
    const client = createSinchSendClient(credentials(provider.baseUrl), { outbound: LOOPBACK_OUTBOUND });
    const since = '2024-05-01T10:00:00.000Z';
    expect(await client.lookup?.({ outboxId: MESSAGE.outboxId, since })).to.deep.equal({ kind: 'absent' });
    provider.holdNext();
    const controller = new AbortController();
    const held = client.send(MESSAGE, controller.signal);
    await until(() => provider.accepted.length > 0);
    expect(await client.lookup?.({ outboxId: MESSAGE.outboxId, since })).to.deep.equal({
      kind: 'found',
      providerMessageId: '01SINCHBATCH000001',
    });
    expect(await client.lookup?.({ outboxId: 'another-entry', since })).to.deep.equal({ kind: 'absent' });
    const [request] = provider.lookups.slice(-1);
    expect(request?.path).to.equal(
      '/xms/v1/plan-42/batches?client_reference=another-entry&start_date=2024-05-01T09%3A00%3A00.000Z&page_size=10',
    );
    expect(request?.headers.authorization).to.equal('Bearer sinch-token-abc');
    controller.abort();
    expect(await held).to.deep.include({ ok: false, mayHaveSent: true });
  });

  it('says a lookup is unknown, not absent, when Sinch cannot answer it', async () => {
    const client = createSinchSendClient(credentials(provider.baseUrl, 'wrong'), { outbound: LOOPBACK_OUTBOUND });
    expect(await client.lookup?.({ outboxId: MESSAGE.outboxId, since: '2024-05-01T10:00:00.000Z' })).to.deep.equal({
      kind: 'unknown',
      reason: 'lookup answered HTTP 401',
    });
  });

  it('refuses credentials of another vendor or without a service plan, naming every problem', () => {
    const wrong: Credentials = { ...credentials(provider.baseUrl), vendor: 'infobip', accountId: '' };
    expect(() => createSinchSendClient(wrong, { outbound: LOOPBACK_OUTBOUND }))
      .to.throw(AppError, /credentials are for infobip, not sinch; accountId: accountId is required/)
      .with.property('details')
      .that.has.length(2);
  });
});
