// The review queue over HTTP and `optline reviews`, on every store backend: items opened by fuzzy opt-outs
// only, idempotent per event, decided once, ordered as the reviewed message, closed by a later STOP.
import { expect } from 'chai';
import { eventIdOf } from '../../src/store/idempotency-keys.ts';
import type { Store } from '../../src/store/store.ts';
import { api } from '../support/admin-api.ts';
import * as callbacks from '../support/callbacks.ts';
import { optline } from '../support/optline-cli.ts';
import { cliBackends, type CliBackend } from '../support/cli-backends.ts';
import { postJson, startService, type RunningService } from '../support/service.ts';

const WEBHOOK = 'e2e-sinch';

for (const backend of cliBackends()) {
  describe(`the review queue, on the ${backend.name}`, function () {
    this.timeout(20_000);
    let opened: CliBackend;
    let store: Store;
    let service: RunningService;

    const sent = async (requestId: string, from: string, text: string, at: string) => {
      const body = callbacks.sinch.inbound({ requestId, from, to: '+15550100', text, at: new Date(at) });
      const response = await postJson(service.urlOf(WEBHOOK), body);
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
    };
    const item = (requestId: string) => eventIdOf(WEBHOOK, requestId);
    const decide = (requestId: string, body: unknown, token?: string) =>
      api(service.baseUrl, 'POST', `/api/reviews/${item(requestId)}`, { body, ...(token ? { token } : {}) });

    before(async () => {
      opened = await backend.open();
      store = opened.store;
      service = await startService({
        store,
        adminTokens: [
          { label: 'admin', token: 'e2e-admin-token' },
          { label: 'reviewer-alice', token: 'alice-token' },
        ],
      });
    });
    after(async () => {
      await service.close();
      await opened.close();
    });

    it('opens an item for a fuzzy opt-out (not for an exact STOP), once per event on a replayed callback', async () => {
      await sent('rq-1', '+12025550901', 'stpo please', '2024-05-01T10:00:00Z');
      await sent('rq-1', '+12025550901', 'stpo please', '2024-05-01T10:00:00Z');
      await sent('rq-2', '+12025550902', 'STOP', '2024-05-01T10:00:00Z');
      const listed = await api(service.baseUrl, 'GET', `/api/reviews?webhookId=${WEBHOOK}`);
      expect(listed.status).to.equal(200);
      const reviews = listed.body.reviews as Array<Record<string, unknown>>;
      expect(reviews.map((review) => review.requestId)).to.deep.equal(['rq-1']);
      expect(reviews[0]).to.deep.include({ state: 'open', text: 'stpo please', keyword: 'stop' });
      expect(String(reviews[0]?.rule)).to.match(/^F\d/);
      expect(reviews[0]?.consentNow).to.deep.include({ state: 'none', changedSince: false });
    });

    it("opts out with the reviewer's label: consent, the confirmation in the outbox, the history entry; twice is 409", async () => {
      await sent('rq-3', '+12025550903', 'stop it pls', '2024-05-01T10:00:00Z');
      const decided = await decide('rq-3', { decision: 'opt-out', note: 'clearly meant STOP' }, 'alice-token');
      expect(decided.status, decided.text).to.equal(200);
      expect(decided.body).to.deep.include({ state: 'resolved' });
      expect(decided.body.resolution).to.deep.include({ decision: 'opt-out', by: 'reviewer-alice' });
      const consent = await api(service.baseUrl, 'GET', '/api/consents/+12025550903');
      const [towards] = consent.body.consents as Array<{ state: string; history: Array<Record<string, unknown>> }>;
      expect(towards?.state).to.equal('opted-out');
      expect(towards?.history).to.have.length(1);
      expect(towards?.history[0]).to.deep.include({ requestId: 'rq-3', source: 'reviewer-alice', to: 'opted-out' });
      expect(towards?.history[0]?.review).to.deep.include({ itemId: item('rq-3'), note: 'clearly meant STOP' });
      const outbox = await store.outbox({});
      const confirmation = outbox.find(
        (entry) => entry.reply.to === '+12025550903' && entry.reply.category === 'opt-out',
      );
      expect(confirmation?.reply.text).to.equal('ACME: you are unsubscribed and will get no more messages.');
      expect(confirmation?.reply.from).to.equal('+15550100');
      const again = await decide('rq-3', { decision: 'dismiss' });
      expect(again.status).to.equal(409);
      expect((await decide('rq-3', { decision: 'opt-out' })).status).to.equal(409);
    });

    it('lets a later opt-in stand, and shows it on the item before the reviewer decides', async () => {
      await sent('rq-4', '+12025550904', 'stpo', '2024-05-01T10:00:00Z');
      await sent('rq-5', '+12025550904', 'START', '2024-05-01T11:00:00Z');
      const shown = await api(service.baseUrl, 'GET', `/api/reviews/${item('rq-4')}`);
      expect(shown.body.consentNow).to.deep.include({ state: 'opted-in', changedSince: true });
      const decided = await decide('rq-4', { decision: 'opt-out', note: null });
      expect(decided.status).to.equal(200);
      expect((decided.body.resolution as Record<string, unknown>).consent).to.deep.include({ changed: false });
      expect((await store.consent({ senderNumber: '+15550100', profileNumber: '+12025550904' })).state).to.equal(
        'opted-in',
      );
    });

    it('closes an open item when the person later sends an exact STOP; dismissing leaves consent alone', async () => {
      await sent('rq-6', '+12025550906', 'stoop', '2024-05-01T10:00:00Z');
      await sent('rq-7', '+12025550907', 'stpo', '2024-05-01T10:00:00Z');
      await sent('rq-8', '+12025550906', 'STOP', '2024-05-01T10:30:00Z');
      const closed = await api(service.baseUrl, 'GET', `/api/reviews/${item('rq-6')}`);
      expect(closed.body).to.deep.include({ state: 'resolved' });
      expect(closed.body.resolution).to.deep.include({
        decision: 'closed',
        closedBy: { webhookId: WEBHOOK, requestId: 'rq-8' },
      });
      expect((await decide('rq-6', { decision: 'opt-out' })).status).to.equal(409);
      const dismissed = await decide('rq-7', { decision: 'dismiss', note: 'a typo of "stop by"' });
      expect(dismissed.status).to.equal(200);
      expect((await store.consent({ senderNumber: '+15550100', profileNumber: '+12025550907' })).state).to.equal(
        'none',
      );
      const resolved = await api(service.baseUrl, 'GET', '/api/reviews?state=resolved');
      expect((resolved.body.reviews as unknown[]).length).to.be.greaterThanOrEqual(3);
    });

    it('refuses a bad decision with 422, an unknown item with 404', async () => {
      await sent('rq-9', '+12025550909', 'stpo', '2024-05-01T10:00:00Z');
      expect((await decide('rq-9', { decision: 'maybe' })).status).to.equal(422);
      expect(
        (await api(service.baseUrl, 'POST', '/api/reviews/nothing', { body: { decision: 'dismiss' } })).status,
      ).to.equal(404);
      expect((await api(service.baseUrl, 'GET', '/api/reviews?state=closed')).status).to.equal(422);
    });

    it('`optline reviews` lists the open items, numbers masked', async () => {
      const listed = await optline(['reviews', '--webhook', WEBHOOK], '', opened.env);
      expect(listed.status, listed.stderr).to.equal(0);
      expect(listed.stdout).to.include(item('rq-9'));
      expect(listed.stdout).to.include('"stpo"');
      expect(listed.stdout).to.not.include(item('rq-3')); // decided
      expect(listed.stdout).to.not.include('+12025550909');
      expect(listed.stdout).to.match(/open review item\(s\)/);
      const later = await optline(['reviews', '--since', '2030-01-01'], '', opened.env);
      expect(later.stdout).to.equal('0 open review item(s)\n');
      expect((await optline(['reviews', '--since', 'soon'], '', opened.env)).status).to.equal(2);
    });
  });
}
