import { expect } from 'chai';
import { eventIdOf } from '../../src/store/idempotency-keys.ts';
import type { Store } from '../../src/store/store.ts';
import { api } from '../support/admin-api.ts';
import * as callbacks from '../support/callbacks.ts';
import { backends } from '../support/store-backends.ts';
import { postJson, startService, type RunningService } from '../support/service.ts';

const PERSON = '+12025550901';
const STRANGER = '+12025550902';

for (const backend of backends()) {
  describe(`delivery records through the admin API, on the ${backend.name}`, () => {
    let store: Store;
    let service: RunningService;
    const replyId = eventIdOf('e2e-sinch', 'msg-1');

    const post = async (body: unknown) => {
      const response = await postJson(service.urlOf('e2e-sinch'), body);
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
    };
    const ids = async (query: string) => {
      const response = await api(service.baseUrl, 'GET', `/api/messages${query}`);
      expect(response.status, response.text).to.equal(200);
      return (response.body.messages as Array<{ id: string }>).map((message) => message.id);
    };

    before(async () => {
      store = await backend.open();
      service = await startService({ store });
      await post(
        callbacks.sinch.inbound({ requestId: 'msg-1', from: PERSON, to: '+15550100', text: 'STOP', at: new Date() }),
      );
      // Sent as the dispatcher sends it: leased, then settled with the provider's id.
      const [leased] = await store.leaseOutbox('test', new Date().toISOString(), 60_000, 10);
      if (leased?.id !== replyId) throw new Error('the STOP queued no reply');
      const sent = { outcome: 'sent', providerMessageId: 'batch-901', at: new Date().toISOString() } as const;
      await store.settleOutbox(replyId, leased.lease, sent);
      await post(callbacks.sinch.feedback({ reference: replyId, to: PERSON, outcome: 'intermediate' }));
      await post(callbacks.sinch.feedback({ reference: replyId, to: PERSON, outcome: 'delivered' }));
      await post(callbacks.sinch.feedback({ reference: 'foreign-77', to: STRANGER, outcome: 'failed' }));
    });
    after(async () => {
      await service.close();
      await store.close();
    });

    it('shows a sent reply with its intermediate and final reports', async () => {
      const response = await api(service.baseUrl, 'GET', `/api/messages/${replyId}`);
      expect(response.status).to.equal(200);
      expect(response.body).to.deep.include({
        id: replyId,
        webhookId: 'e2e-sinch',
        from: '+15550100',
        to: PERSON,
        state: 'sent',
        attempts: 1,
        providerMessageId: 'batch-901',
        status: 'delivered',
        final: true,
        code: 0,
        rawStatus: 'Delivered',
        detail: null,
      });
      const history = response.body.history as Array<Record<string, unknown>>;
      expect(history.map(({ status, final, code, rawStatus }) => ({ status, final, code, rawStatus }))).to.deep.equal([
        { status: 'sent', final: false, code: 401, rawStatus: 'Dispatched' },
        { status: 'delivered', final: true, code: 0, rawStatus: 'Delivered' },
      ]);
    });

    it('shows a delivery report for a message Optline did not send', async () => {
      const response = await api(service.baseUrl, 'GET', '/api/messages/foreign-77');
      expect(response.status).to.equal(200);
      expect(response.body).to.deep.include({
        id: 'foreign-77',
        from: null,
        to: STRANGER,
        state: null,
        status: 'failed',
        final: true,
        code: 402,
        rawStatus: 'Aborted',
      });
      expect(await ids('')).to.deep.equal(['foreign-77', replyId]);
    });

    it('filters by recipient, status, webhook and time, and pages with next', async () => {
      expect(await ids(`?to=${STRANGER.slice(1)}`)).to.deep.equal(['foreign-77']);
      expect(await ids('?status=delivered')).to.deep.equal([replyId]);
      expect(await ids('?status=queued')).to.deep.equal([]);
      expect(await ids('?webhookId=e2e-sinch')).to.deep.equal(['foreign-77', replyId]);
      expect(await ids('?webhookId=other')).to.deep.equal([]);
      expect(await ids('?since=2099-01-01')).to.deep.equal([]);
      const first = await api(service.baseUrl, 'GET', '/api/messages?limit=1');
      expect(first.body.next).to.equal('foreign-77');
      const second = await api(service.baseUrl, 'GET', '/api/messages?limit=1&before=foreign-77');
      expect(second.body).to.deep.include({ next: replyId });
      expect(await ids(`?limit=1&before=${replyId}`)).to.deep.equal([]);
    });

    it('exports CSV with a header and one line per message', async () => {
      const response = await api(service.baseUrl, 'GET', '/api/messages?format=csv');
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.match(/^text\/csv/);
      const lines = response.text.trim().split('\r\n');
      expect(lines[0]).to.equal(
        'id,webhookId,from,to,createdAt,state,attempts,providerMessageId,status,final,updatedAt,code,rawStatus,detail',
      );
      expect(lines[1]).to.match(
        new RegExp(`^foreign-77,e2e-sinch,,\\${STRANGER},[^,]+,,0,foreign-77,failed,true,[^,]+,402,Aborted,$`),
      );
      expect(lines[2]).to.match(
        new RegExp(`^${replyId},e2e-sinch,\\+15550100,\\${PERSON},.*,delivered,true,.*,0,Delivered,$`),
      );
      expect(lines).to.have.length(3);
    });

    it('answers 404 for an unknown id and 422 naming each bad query parameter', async () => {
      const unknown = await api(service.baseUrl, 'GET', '/api/messages/nothing');
      expect(unknown.status).to.equal(404);
      for (const [query, parameter] of [
        ['limit=0', 'limit'],
        ['limit=1001', 'limit'],
        ['since=never', 'since'],
        ['to=abc', 'to'],
        ['status=bogus', 'status'],
        ['before=nothing', 'before'],
        ['format=xml', 'format'],
      ]) {
        const response = await api(service.baseUrl, 'GET', `/api/messages?${query}`);
        expect(response.status, query).to.equal(422);
        const problems = response.body.problems as Array<{ path: string }>;
        expect(problems.map((problem) => problem.path)).to.deep.equal([`query.${parameter}`]);
      }
    });
  });
}
