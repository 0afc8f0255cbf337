// Issue 15, finding 10: one provider that hangs holds its own replies only. Another webhook's reply, queued
// while the hanging send is in flight, is sent before that send settles.
import { expect } from 'chai';
import { pino } from 'pino';
import { Dispatcher } from '../../src/dispatch/dispatcher.ts';
import type { Store } from '../../src/store/store.ts';
import * as callbacks from '../support/callbacks.ts';
import { startFakeVendors, type FakeVendor, type FakeVendors } from '../support/fake-send-clients.ts';
import { postJson, startService, type RunningService } from '../support/service.ts';
import { sqliteBackend } from '../support/store-backends.ts';
import { until } from '../support/until.ts';

describe('a hanging provider does not delay the other webhooks’ replies', function () {
  this.timeout(30_000);
  let store: Store;
  let service: RunningService;
  let vendors: FakeVendors;
  before(async () => {
    store = await sqliteBackend.open();
    vendors = await startFakeVendors();
    service = await startService({ store, rulesDir: vendors.rulesDir, env: vendors.env });
  });
  after(async () => {
    await service.close();
    await vendors.close();
    await store.close();
  });

  async function text(vendor: FakeVendor, build: callbacks.VendorCallbacks, from: string): Promise<void> {
    const requestId = `slow-${Date.now().toString(36)}-${from}`;
    const response = await postJson(
      service.urlOf(vendor.webhookId),
      build.inbound({ requestId, from, to: vendor.senderNumber, text: 'STOP', at: new Date() }),
    );
    expect(response.status).to.equal(200);
  }

  it('sends a reply queued while another provider hangs, and the hanging send is still in flight', async () => {
    const dispatcher = new Dispatcher({
      store,
      clientFor: service.clientFor,
      logger: pino({ level: 'silent' }),
      pollIntervalMs: 10,
      batchSize: 10,
    });
    vendors.sinch.provider.hangNext();
    await text(vendors.sinch, callbacks.sinch, '+12025550301');
    dispatcher.start();
    try {
      await until(async () => (await store.outbox({ state: 'sending', limit: 5 })).length === 1, {
        timeoutMs: 5_000,
      });
      await text(vendors.infobip, callbacks.infobip, '+12025550302');
      await until(
        async () =>
          (await store.outbox({ state: 'sent', limit: 10 })).some((entry) => entry.reply.to === '+12025550302'),
        { timeoutMs: 5_000, context: () => 'the Infobip reply waited for the hanging Sinch send' },
      );
      const sending = await store.outbox({ state: 'sending', limit: 5 });
      expect(sending.map((entry) => entry.reply.to)).to.deep.equal(['+12025550301']);
    } finally {
      await dispatcher.stop();
    }
  });
});
