import { expect } from 'chai';
import type { Credentials } from '../../src/credentials/credentials.ts';
import { sendClientResolver } from '../../src/dispatch/send-client-resolver.ts';
import { startFakeSinch, type FakeProvider } from '../support/fake-providers.ts';

describe('send client resolver', () => {
  let sinch: FakeProvider;
  beforeEach(async () => {
    sinch = await startFakeSinch({ servicePlanId: 'plan', token: 'token' });
  });
  afterEach(() => sinch.close());

  const webhooks = new Map([
    ['hook-sinch', { summary: { vendor: 'sinch', credentials: 'sinch-eu' } }],
    ['hook-infobip', { summary: { vendor: 'infobip', credentials: 'missing' } }],
    ['hook-custom', { summary: { vendor: 'custom', credentials: 'sinch-eu' } }],
  ]);
  const credentials = (baseUrl: string): Record<string, Credentials> => ({
    'sinch-eu': { name: 'sinch-eu', vendor: 'sinch', baseUrl, accountId: 'plan', secret: 'token', options: {} },
  });

  it("sends through the webhook's vendor with the credentials its rule file names", async () => {
    const named = credentials(sinch.baseUrl);
    const clientFor = sendClientResolver({ webhooks, resolveCredentials: async (name) => named[name] ?? null });
    const client = await clientFor('hook-sinch');
    expect(await client?.send({ outboxId: 'o1', from: '+15550100', to: '+15557654321', text: 'hi' })).to.deep.equal({ ok: true, providerMessageId: '01SINCHBATCH000001' });
    expect(sinch.accepted).to.have.length(1);
  });

  it('answers null when the credentials are not configured, and says why it cannot send otherwise', async () => {
    const named = credentials(sinch.baseUrl);
    const clientFor = sendClientResolver({ webhooks, resolveCredentials: async (name) => named[name] ?? null });
    expect(await clientFor('hook-infobip')).to.equal(null);
    await Promise.resolve(clientFor('hook-custom')).then(
      () => expect.fail('custom webhooks have no send request yet'),
      (error: unknown) => expect(String(error)).to.match(/sending through a custom webhook is not supported yet/),
    );
    await Promise.resolve(clientFor('gone')).then(
      () => expect.fail('unknown webhook'),
      (error: unknown) => expect(String(error)).to.match(/webhook gone no longer exists/),
    );
    const wrongVendor = sendClientResolver({ webhooks, resolveCredentials: async () => ({ ...named['sinch-eu']!, vendor: 'infobip' }) });
    await Promise.resolve(wrongVendor('hook-sinch')).then(
      () => expect.fail('credentials of another vendor'),
      (error: unknown) => expect(String(error)).to.match(/credentials are for infobip, not sinch/),
    );
  });
});
