import { expect } from 'chai';
import type { Store } from '../../src/store/store.ts';
import { backends } from '../support/store-backends.ts';
import { ADMIN_TOKEN, postJson, startService, type RunningService } from '../support/service.ts';
import * as callbacks from '../support/callbacks.ts';

interface Scenario {
  vendor: string;
  inboundWebhook: string;
  feedbackWebhook: string;
  senderNumber: string;
  build: callbacks.VendorCallbacks;
}

const scenarios: Scenario[] = [
  {
    vendor: 'Sinch',
    inboundWebhook: 'e2e-sinch',
    feedbackWebhook: 'e2e-sinch',
    senderNumber: '+15550100',
    build: callbacks.sinch,
  },
  {
    vendor: 'Sinch Conversation',
    inboundWebhook: 'e2e-sinch-conversational',
    feedbackWebhook: 'e2e-sinch-conversational',
    senderNumber: '+15550101',
    build: callbacks.sinchConversational,
  },
  {
    vendor: 'Infobip',
    inboundWebhook: 'e2e-infobip-in',
    feedbackWebhook: 'e2e-infobip-dlr',
    senderNumber: '+15550102',
    build: callbacks.infobip,
  },
  {
    vendor: 'Vonage (custom template)',
    inboundWebhook: 'e2e-vonage-in',
    feedbackWebhook: 'e2e-vonage-dlr',
    senderNumber: '+15550103',
    build: callbacks.vonage,
  },
  {
    vendor: 'Telnyx (custom template)',
    inboundWebhook: 'e2e-telnyx-in',
    feedbackWebhook: 'e2e-telnyx-dlr',
    senderNumber: '+15550104',
    build: callbacks.telnyx,
  },
];

let sequence = 0;
const nextId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++sequence}`;
const person = () => `+1202555${String(1000 + (sequence++ % 9000)).padStart(4, '0')}`;

for (const backend of backends()) {
  describe(`webhooks over HTTP, on the ${backend.name}`, function () {
    let store: Store;
    let service: RunningService;

    before(async () => {
      store = await backend.open();
      service = await startService({ store });
    });
    after(async () => {
      await service.close();
      await store.close();
    });

    async function sendInbound(scenario: Scenario, from: string, text: string, at = new Date()) {
      const requestId = nextId('mo');
      const body = scenario.build.inbound({ requestId, from, to: scenario.senderNumber, text, at });
      const response = await postJson(service.urlOf(scenario.inboundWebhook), body);
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
      return requestId;
    }

    for (const scenario of scenarios) {
      describe(scenario.vendor, () => {
        it('STOP opts the sender out and queues the opt-out reply', async () => {
          const from = person();
          const requestId = await sendInbound(scenario, from, 'STOP');
          const consent = await store.consent({ senderNumber: scenario.senderNumber, profileNumber: from });
          expect(consent.state).to.equal('opted-out');
          const [event] = await store.listEvents({ profileNumber: from });
          expect(event?.requestId).to.equal(requestId);
          expect(event?.category).to.equal('opt-out');
          expect(event?.ruleRevision.id).to.equal(scenario.inboundWebhook);
          expect(event?.ruleRevision.contentHash).to.match(/^[0-9a-f]{64}$/);
          const outbox = (await store.outbox({})).filter((entry) => entry.reply.to === from);
          expect(outbox).to.have.length(1);
          expect(outbox[0]?.reply).to.include({ from: scenario.senderNumber, category: 'opt-out' });
          expect(outbox[0]?.reply.text).to.match(/unsubscribed/);
        });

        it('YES after JOIN confirms the double opt-in', async () => {
          const from = person();
          await sendInbound(scenario, from, 'JOIN', new Date(Date.now() - 60_000));
          const key = { senderNumber: scenario.senderNumber, profileNumber: from };
          expect((await store.consent(key)).state).to.equal('pending');
          await sendInbound(scenario, from, 'yes');
          expect((await store.consent(key)).state).to.equal('opted-in');
          const [view] = await store.consentOf(from);
          expect(view?.history.map((event) => event.consentAfter?.state)).to.deep.equal(['pending', 'opted-in']);
        });

        it('records HELP and flags the custom keyword for audiences, without moving consent', async () => {
          const from = person();
          await sendInbound(scenario, from, 'help');
          await sendInbound(scenario, from, 'Promo');
          const events = await store.listEvents({ profileNumber: from });
          const byCategory = new Map(events.map((event) => [event.category, event]));
          expect(byCategory.get('help')?.customKeyword).to.equal(false);
          expect(byCategory.get('custom')?.customKeyword).to.equal(true);
          expect((await store.consent({ senderNumber: scenario.senderNumber, profileNumber: from })).state).to.equal(
            'none',
          );
        });

        it('moves the outbound status with feedback, and a final status never regresses', async () => {
          const url = service.urlOf(scenario.feedbackWebhook);
          const to = person();
          const post = async (reference: string, outcome: callbacks.FeedbackSpec['outcome']) => {
            const response = await postJson(url, scenario.build.feedback({ reference, to, outcome }));
            expect(response.status, JSON.stringify(response.body)).to.equal(200);
            return response.body;
          };
          // The late callback, on a message of its own, is an intermediate status the service stores.
          const alone = nextId('mt');
          await post(alone, 'queued');
          expect(await store.delivery(alone)).to.include({ status: 'queued', final: false });

          const reference = nextId('mt');
          await post(reference, 'intermediate');
          expect((await store.delivery(reference))?.final).to.equal(false);
          await post(reference, 'delivered');
          expect(await store.delivery(reference)).to.include({ status: 'delivered', final: true });
          // After the final status, another callback than any before (not a replay idempotency would answer):
          // stored as an event of its own, and the delivery stays final.
          expect(await post(reference, 'queued')).to.include({ status: 'stored', events: 1, duplicates: 0 });
          expect(await store.delivery(reference)).to.include({ status: 'delivered', final: true });
        });
      });
    }

    it('stores 50 identical callbacks sent at once as one event, one consent change and one outbox entry', async () => {
      const from = person();
      const scenario = scenarios[0]!;
      const body = scenario.build.inbound({
        requestId: nextId('burst'),
        from,
        to: scenario.senderNumber,
        text: 'STOP',
        at: new Date(),
      });
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => postJson(service.urlOf(scenario.inboundWebhook), body)),
      );
      expect(responses.map((response) => response.status)).to.deep.equal(Array(50).fill(200));
      expect(responses.filter((response) => response.body.duplicates === 0)).to.have.length(1);
      expect(await store.listEvents({ profileNumber: from })).to.have.length(1);
      const [view] = await store.consentOf(from);
      expect(view?.history).to.have.length(1);
      expect((await store.outbox({})).filter((entry) => entry.reply.to === from)).to.have.length(1);
    });

    it('keeps an opt-out that arrives before an older opt-in', async () => {
      const from = person();
      const scenario = scenarios[2]!;
      await sendInbound(scenario, from, 'STOP', new Date('2024-05-01T10:00:00Z'));
      await sendInbound(scenario, from, 'START', new Date('2024-05-01T09:00:00Z'));
      expect((await store.consent({ senderNumber: scenario.senderNumber, profileNumber: from })).state).to.equal(
        'opted-out',
      );
      const events = await store.listEvents({ profileNumber: from });
      expect(events).to.have.length(2);
      const late = events.find((event) => event.category === 'opt-in');
      expect(late?.consentChanged).to.equal(false);
    });

    it('processes every event of a batched callback', async () => {
      const scenario = scenarios[2]!;
      const [a, b] = [person(), person()];
      const first = callbacks.infobip.inbound({
        requestId: nextId('b'),
        from: a,
        to: scenario.senderNumber,
        text: 'STOP',
        at: new Date(),
      }) as { results: unknown[] };
      const second = callbacks.infobip.inbound({
        requestId: nextId('b'),
        from: b,
        to: scenario.senderNumber,
        text: 'HELP',
        at: new Date(),
      }) as { results: unknown[] };
      const response = await postJson(service.urlOf(scenario.inboundWebhook), {
        results: [...first.results, ...second.results],
        messageCount: 2,
      });
      expect(response.status).to.equal(200);
      expect(response.body.events).to.equal(2);
      expect((await store.listEvents({ profileNumber: a }))[0]?.category).to.equal('opt-out');
      expect((await store.listEvents({ profileNumber: b }))[0]?.category).to.equal('help');
    });

    it('answers a wrong secret and an unknown webhook with a bare 404', async () => {
      const url = service.urlOf('e2e-sinch');
      const wrong = url.replace(/\/[^/]+$/, '/not-the-secret');
      const response = await postJson(
        wrong,
        callbacks.sinch.inbound({
          requestId: 'x',
          from: '+12025550100',
          to: '+15550100',
          text: 'STOP',
          at: new Date(),
        }),
      );
      expect(response.status).to.equal(404);
      expect(JSON.stringify(response.body)).not.to.match(/e2e-sinch|secret/);
      expect((await postJson(`${service.baseUrl}/webhooks/nope/abc`, {})).status).to.equal(404);
    });

    it('ignores a well-formed vendor callback Optline does not use, with a 200', async () => {
      const response = await postJson(service.urlOf('e2e-sinch-conversational'), {
        app_id: 'x',
        accepted_time: '2021-10-18T17:49:13.813615Z',
        project_id: 'p',
        contact_create_notification: { contact: { id: 'c' } },
        message_metadata: '',
      });
      expect(response.status).to.equal(200);
      expect(response.body.status).to.equal('ignored');
    });

    it('serves the read API behind the bearer token', async () => {
      const from = person();
      await sendInbound(scenarios[0]!, from, 'STOP');
      const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
      const unauthorised = await fetch(`${service.baseUrl}/api/webhooks`);
      expect(unauthorised.status).to.equal(401);
      const webhooks = (await (await fetch(`${service.baseUrl}/api/webhooks`, { headers: auth })).json()) as {
        webhooks: Array<{ id: string; url: string }>;
      };
      expect(webhooks.webhooks.find((webhook) => webhook.id === 'e2e-sinch')?.url).to.match(
        /\/webhooks\/e2e-sinch\/[A-Za-z0-9_-]{43}$/,
      );
      const consent = (await (
        await fetch(`${service.baseUrl}/api/consents/${encodeURIComponent(from)}`, { headers: auth })
      ).json()) as {
        consents: Array<{ senderNumber: string; state: string; history: Array<{ to: string; category: string }> }>;
      };
      expect(consent.consents.map(({ senderNumber, state }) => ({ senderNumber, state }))).to.deep.equal([
        { senderNumber: '+15550100', state: 'opted-out' },
      ]);
      expect(consent.consents[0]?.history.map(({ to, category }) => ({ to, category }))).to.deep.equal([
        { to: 'opted-out', category: 'opt-out' },
      ]);
      const events = (await (
        await fetch(`${service.baseUrl}/api/events?profileNumber=${encodeURIComponent(from)}`, { headers: auth })
      ).json()) as { events: unknown[] };
      expect(events.events).to.have.length(1);
      expect((await fetch(`${service.baseUrl}/healthz`)).status).to.equal(200);
      expect((await fetch(`${service.baseUrl}/readyz`)).status).to.equal(200);
    });
  });
}
