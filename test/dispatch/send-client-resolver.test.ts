import { LOOPBACK_OUTBOUND } from '../support/loopback-outbound.ts';
import { expect } from 'chai';
import type { Credentials } from '../../src/credentials/credentials.ts';
import { sendClientResolver } from '../../src/dispatch/send-client-resolver.ts';
import { startFakeCustom, startFakeSinch, type FakeProvider } from '../support/fake-providers.ts';

describe('send client resolver', () => {
  let sinch: FakeProvider;
  beforeEach(async () => {
    sinch = await startFakeSinch({ servicePlanId: 'plan', token: 'token' });
  });
  afterEach(() => sinch.close());

  const customSend = {
    url: '{{credentials.baseUrl}}/v1/sms',
    headers: { authorization: 'Bearer {{credentials.secret}}' },
    body: '{"from":{{json from}},"to":{{json to}},"text":{{json text}},"ref":{{json outboxId}}}',
    messageIdPath: '$.message_id',
  };
  const webhooks = new Map([
    ['hook-sinch', { summary: { vendor: 'sinch', credentials: 'sinch-eu' }, send: null }],
    ['hook-infobip', { summary: { vendor: 'infobip', credentials: 'missing' }, send: null }],
    ['hook-custom', { summary: { vendor: 'custom', credentials: 'sinch-eu' }, send: null }],
    ['hook-custom-send', { summary: { vendor: 'custom', credentials: 'custom-api' }, send: customSend }],
  ]);
  const credentials = (baseUrl: string): Record<string, Credentials> => ({
    'sinch-eu': { name: 'sinch-eu', vendor: 'sinch', baseUrl, accountId: 'plan', secret: 'token', options: {} },
  });

  it("sends through the webhook's vendor with the credentials its rule file names", async () => {
    const named = credentials(sinch.baseUrl);
    const clientFor = sendClientResolver({
      webhooks,
      resolveCredentials: async (name) => named[name] ?? null,
      options: { outbound: LOOPBACK_OUTBOUND },
    });
    const client = await clientFor('hook-sinch');
    expect(await client?.send({ outboxId: 'o1', from: '+15550100', to: '+15557654321', text: 'hi' })).to.deep.equal({
      ok: true,
      providerMessageId: '01SINCHBATCH000001',
    });
    expect(sinch.accepted).to.have.length(1);
  });

  it('answers null when the credentials are not configured, and says why it cannot send otherwise', async () => {
    const named = credentials(sinch.baseUrl);
    const clientFor = sendClientResolver({
      webhooks,
      resolveCredentials: async (name) => named[name] ?? null,
      options: { outbound: LOOPBACK_OUTBOUND },
    });
    expect(await clientFor('hook-infobip')).to.equal(null);
    await Promise.resolve(clientFor('hook-custom')).then(
      () => expect.fail('a custom webhook without a send request cannot send'),
      (error: unknown) =>
        expect(String(error)).to.match(/custom webhook hook-custom has no "send" request in its rule file/),
    );
    await Promise.resolve(clientFor('gone')).then(
      () => expect.fail('unknown webhook'),
      (error: unknown) => expect(String(error)).to.match(/webhook gone no longer exists/),
    );
    const wrongVendor = sendClientResolver({
      webhooks,
      resolveCredentials: async () => ({ ...named['sinch-eu']!, vendor: 'infobip' }),
    });
    await Promise.resolve(wrongVendor('hook-sinch')).then(
      () => expect.fail('credentials of another vendor'),
      (error: unknown) => expect(String(error)).to.match(/credentials are for infobip, not sinch/),
    );
  });

  it('refuses to send for a feedback webhook that names no credentials, without looking any up', async () => {
    const looked: string[] = [];
    const clientFor = sendClientResolver({
      webhooks: new Map([['dlr', { summary: { vendor: 'infobip', credentials: null }, send: null }]]),
      resolveCredentials: async (name) => {
        looked.push(name);
        return null;
      },
    });
    await Promise.resolve(clientFor('dlr')).then(
      () => expect.fail('a webhook without credentials has no send client'),
      (error: unknown) => expect(String(error)).to.match(/webhook dlr names no credentials: it sends no replies/),
    );
    expect(looked).to.deep.equal([]);
  });

  it("sends a custom webhook's replies with the request its rule file describes", async () => {
    const custom = await startFakeCustom({ path: '/v1/sms', authorization: 'Bearer custom-token' });
    try {
      const named: Record<string, Credentials> = {
        'custom-api': {
          name: 'custom-api',
          vendor: 'custom',
          baseUrl: custom.baseUrl,
          accountId: 'acct',
          secret: 'custom-token',
          options: {},
        },
      };
      const clientFor = sendClientResolver({
        webhooks,
        resolveCredentials: async (name) => named[name] ?? null,
        options: { outbound: LOOPBACK_OUTBOUND },
      });
      const client = await clientFor('hook-custom-send');
      expect(
        await client?.send({ outboxId: 'o7', from: '+15550100', to: '+15557654321', text: 'You are unsubscribed.' }),
      ).to.deep.equal({ ok: true, providerMessageId: 'custom-1' });
      expect(custom.accepted.map((request) => request.json)).to.deep.equal([
        { from: '+15550100', to: '+15557654321', text: 'You are unsubscribed.', ref: 'o7' },
      ]);
    } finally {
      await custom.close();
    }
  });
});
