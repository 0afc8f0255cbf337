// The dispatcher end to end: real callbacks through the app queue replies, and the dispatcher sends them with
// the send clients the production resolver builds from the rule files' credentials files, which point at fake
// providers over HTTP on loopback, on every store backend.
import { expect } from 'chai';
import { pino } from 'pino';
import { Dispatcher, type ClientFor } from '../../src/dispatch/dispatcher.ts';
import type { RetryPolicy } from '../../src/dispatch/retry-policy.ts';
import type { OutboxEntry, Store } from '../../src/store/store.ts';
import * as callbacks from '../support/callbacks.ts';
import { startFakeVendors, type FakeVendor, type FakeVendors } from '../support/fake-send-clients.ts';
import { FIXTURE_ENV, postJson, startService, type RunningService } from '../support/service.ts';
import { backends } from '../support/store-backends.ts';
import { until } from '../support/until.ts';

const QUICK_RETRIES: RetryPolicy = { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 1000 };
const silent = pino({ level: 'silent' });
const callbacksOf: Record<string, callbacks.VendorCallbacks> = {
  'e2e-sinch': callbacks.sinch,
  'e2e-sinch-conversational': callbacks.sinchConversational,
  'e2e-infobip-in': callbacks.infobip,
  'e2e-vonage-in': callbacks.vonage,
};
let sequence = 0;
const person = () => `+1202557${String(1000 + (sequence++ % 9000)).padStart(4, '0')}`;

for (const backend of backends()) {
  describe(`dispatcher over HTTP, on the ${backend.name}`, function () {
    this.timeout(30_000);
    let store: Store;
    let service: RunningService;
    let vendors: FakeVendors;

    before(async () => {
      store = await backend.open();
      vendors = await startFakeVendors();
      service = await startService({ store, rulesDir: vendors.rulesDir, env: vendors.env });
    });
    after(async () => {
      await service.close();
      await vendors.close();
      await store.close();
    });

    const dispatcher = (options: { clientFor?: ClientFor; retryPolicy?: RetryPolicy; now?: () => number } = {}) =>
      new Dispatcher({
        store,
        clientFor: service.clientFor,
        logger: silent,
        retryPolicy: QUICK_RETRIES,
        pollIntervalMs: 10,
        batchSize: 10,
        ...options,
      });

    async function text(vendor: FakeVendor, from: string, body: string): Promise<string> {
      const requestId = `mo-${Date.now().toString(36)}-${++sequence}`;
      const build = callbacksOf[vendor.webhookId];
      if (!build) throw new Error(`no callbacks for ${vendor.webhookId}`);
      const response = await postJson(
        service.urlOf(vendor.webhookId),
        build.inbound({ requestId, from, to: vendor.senderNumber, text: body, at: new Date() }),
      );
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
      return requestId;
    }

    /** Runs the dispatcher until no entry is pending or being sent (retries included). */
    async function drain(running = dispatcher(), timeoutMs = 10_000): Promise<void> {
      let open: OutboxEntry[] = [];
      await until(
        async () => {
          const report = await running.runOnce();
          open = [
            ...(await store.outbox({ state: 'pending', limit: 1 })),
            ...(await store.outbox({ state: 'sending', limit: 1 })),
          ];
          return report.leased === 0 && open.length === 0;
        },
        { timeoutMs, context: () => `the outbox did not drain: ${JSON.stringify(open)}` },
      );
    }

    async function entriesTo(to: string): Promise<OutboxEntry[]> {
      return (await store.outbox({ limit: 10_000 })).filter((entry) => entry.reply.to === to);
    }

    it('sends the STOP, HELP, YES and default replies once each, from the webhook number to the person, on every vendor', async () => {
      const people = new Map(vendors.all.map((vendor) => [vendor, person()]));
      for (const [vendor, from] of people) {
        for (const body of ['STOP', 'HELP', 'YES', 'hello there']) await text(vendor, from, body);
      }
      await drain();
      expect((await dispatcher().runOnce()).leased, 'nothing is left to send').to.equal(0);
      for (const [vendor, from] of people) {
        const sent = vendor.provider.accepted.map(vendor.sentOf).filter((message) => message.to === from);
        const entries = await entriesTo(from);
        expect(
          sent.map(({ from: sender, to, text: body }) => [sender, to, body]),
          vendor.webhookId,
        ).to.deep.equal([
          [vendor.senderNumber, from, 'ACME: you are unsubscribed and will get no more messages.'],
          [vendor.senderNumber, from, 'ACME help: reply STOP to opt out.'],
          [vendor.senderNumber, from, 'ACME: you are subscribed. Reply STOP to opt out.'],
          [vendor.senderNumber, from, 'ACME: sorry, we did not understand. Reply HELP for help.'],
        ]);
        expect(sent.map((message) => message.reference)).to.deep.equal(entries.map((entry) => entry.id));
        expect(entries.map((entry) => [entry.state, entry.attempts, entry.reply.category])).to.deep.equal([
          ['sent', 1, 'opt-out'],
          ['sent', 1, 'help'],
          ['sent', 1, 'opt-in'],
          ['sent', 1, 'default'],
        ]);
        expect(entries.every((entry) => entry.providerMessageId !== null && entry.sentAt !== null)).to.equal(true);
      }
    });

    it('sends a reply once when the provider answers 500 twice, then 200', async () => {
      const from = person();
      vendors.sinch.provider.failNext(2);
      await text(vendors.sinch, from, 'STOP');
      const running = dispatcher();
      running.start();
      try {
        await until(async () => (await entriesTo(from))[0]?.state === 'sent');
      } finally {
        await running.stop();
      }
      const requests = vendors.sinch.provider.requests.filter((request) => vendors.sinch.sentOf(request).to === from);
      expect(requests).to.have.length(3);
      expect(
        vendors.sinch.provider.accepted.filter((request) => vendors.sinch.sentOf(request).to === from),
      ).to.have.length(1);
      const [entry] = await entriesTo(from);
      expect(entry).to.deep.include({ state: 'sent', attempts: 3, inDoubt: false });
      expect(entry?.lastError).to.match(/^HTTP 500/);
    });

    it('suppresses a default reply within 24 h of another to the same number, and still sends compliance replies', async () => {
      const from = person();
      await text(vendors.infobip, from, 'hello');
      await text(vendors.infobip, from, 'what is this');
      await text(vendors.infobip, from, 'STOP');
      await drain();
      const sent = vendors.infobip.provider.accepted
        .map(vendors.infobip.sentOf)
        .filter((message) => message.to === from);
      expect(sent.map((message) => message.text)).to.deep.equal([
        'ACME: sorry, we did not understand. Reply HELP for help.',
        'ACME: you are unsubscribed and will get no more messages.',
      ]);
      const entries = await entriesTo(from);
      expect(entries.map((entry) => entry.state)).to.deep.equal(['sent', 'suppressed', 'sent']);
      expect(entries[1]?.lastError).to.match(/^an auto-reply was sent to this number at .* the next may go at /);
      expect(entries[1]?.providerMessageId).to.equal(null);
    });

    it('stores the provider message id, so a delivery report naming only that id lands on the reply', async () => {
      const from = person();
      await text(vendors.conversation, from, 'STOP');
      await drain();
      const [entry] = await entriesTo(from);
      const messageId = entry?.providerMessageId;
      if (!entry || !messageId) return expect.fail('the reply was not sent');
      const report = callbacks.sinchConversational.feedback({ reference: messageId, to: from, outcome: 'delivered' });
      const response = await postJson(service.urlOf(vendors.conversation.webhookId), report);
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
      expect(await store.delivery(entry.id)).to.deep.include({
        deliveryKey: entry.id,
        outboxId: entry.id,
        status: 'delivered',
      });
    });

    it('retries a webhook whose credentials have no secret set, then fails the reply saying why', async () => {
      const from = person();
      const body = callbacks.infobip.inbound({
        requestId: `mo-auth-${++sequence}`,
        from,
        to: '+15550106',
        text: 'STOP',
        at: new Date(),
      });
      const authorization = `Basic ${Buffer.from(`infobip:${FIXTURE_ENV.E2E_INFOBIP_PASSWORD}`).toString('base64')}`;
      const response = await postJson(service.urlOf('e2e-infobip-auth'), body, { authorization });
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
      await drain(dispatcher({ retryPolicy: { ...QUICK_RETRIES, maxAttempts: 2 } }));
      const [entry] = await entriesTo(from);
      expect(entry).to.deep.include({
        state: 'failed',
        attempts: 2,
        lastError: 'gave up after 2 attempts: no credentials configured for webhook e2e-infobip-auth',
      });
      expect(
        vendors.all.flatMap((vendor) =>
          vendor.provider.requests.filter((request) => vendor.sentOf(request).to === from),
        ),
      ).to.deep.equal([]);
    });

    it('releases an entry unsent when its lease ran short before its turn came', async () => {
      const from = person();
      await text(vendors.sinch, from, 'STOP');
      let clock = Date.now();
      const slow = new Dispatcher({
        store,
        logger: silent,
        leaseMs: 10_000,
        now: () => clock,
        clientFor: (webhookId) => {
          clock += 6_000; // resolving the client took most of the lease
          return service.clientFor(webhookId);
        },
      });
      expect(await slow.runOnce()).to.deep.include({ leased: 1, retried: 1 });
      const [entry] = await entriesTo(from);
      expect(entry).to.deep.include({
        state: 'pending',
        attempts: 1,
        inDoubt: false,
        lastError: 'released unsent: its lease ran short',
      });
      expect(
        vendors.sinch.provider.requests.filter((request) => vendors.sinch.sentOf(request).to === from),
      ).to.deep.equal([]);
      // It is due again at once on the fake clock, which is 6 s ahead of the real one: drive that clock.
      await drain(dispatcher({ now: () => clock }));
      expect((await entriesTo(from))[0]).to.deep.include({ state: 'sent', attempts: 2 });
    });

    it('aborts an in-flight send on stop, and the next dispatcher asks the vendor before sending it once', async () => {
      const from = person();
      vendors.sinch.provider.hangNext();
      await text(vendors.sinch, from, 'STOP');
      const running = dispatcher();
      running.start();
      try {
        await until(async () =>
          vendors.sinch.provider.requests.some((request) => vendors.sinch.sentOf(request).to === from),
        );
      } finally {
        await running.stop();
      }
      const [aborted] = await entriesTo(from);
      expect(aborted).to.deep.include({
        state: 'pending',
        inDoubt: true,
        lastError: 'send aborted before the vendor answered',
      });
      const lookups = vendors.sinch.provider.lookups.length;
      await until(async () => {
        await dispatcher().runOnce();
        return (await entriesTo(from))[0]?.state === 'sent';
      });
      expect(vendors.sinch.provider.lookups.length).to.equal(lookups + 1);
      expect(
        vendors.sinch.provider.accepted.filter((request) => vendors.sinch.sentOf(request).to === from),
      ).to.have.length(1);
    });
  });
}
