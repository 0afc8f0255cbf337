// GET /api/reports/daily against a seeded store, on every backend: the figures, the default range, the bounds.
import { expect } from 'chai';
import type { InboundRecord, Store } from '../../src/store/store.ts';
import { api, expectDocumented } from '../support/admin-api.ts';
import { startService, type RunningService } from '../support/service.ts';
import { backends } from '../support/store-backends.ts';

const NOW = Date.parse('2024-05-10T12:00:00.000Z');

function inbound(requestId: string, receivedAt: string, text: string, category: string | null): InboundRecord {
  const profileNumber = `+4477009001${requestId.length.toString().padStart(2, '0')}`;
  return {
    webhookId: 'e2e-sinch',
    requestId,
    receivedAt,
    eventTime: receivedAt,
    rawBody: '{}',
    event: { inboundMessage: text },
    category,
    keyword: null,
    explanation: {},
    customKeyword: category === 'custom',
    binary: false,
    ruleRevision: { id: 'e2e-sinch', version: '1', contentHash: 'sha256:x' },
    consentKey: { senderNumber: '+15550100', profileNumber },
    reply: { from: '+15550100', to: profileNumber, text: 'reply', category: category ?? 'default' },
  };
}

for (const backend of backends()) {
  describe(`admin API: daily report (${backend.name})`, () => {
    let store: Store;
    let service: RunningService;

    before(async () => {
      store = await backend.open();
      await store.recordInbound(inbound('a', '2024-05-09T08:00:00.000Z', 'STOP', 'opt-out'), {
        effect: 'opt-out',
        doubleOptInExpiresAfterDays: 30,
      });
      await store.recordInbound(inbound('bb', '2024-05-09T09:00:00.000Z', 'PROMO', 'custom'), {
        effect: null,
        doubleOptInExpiresAfterDays: 30,
      });
      await store.recordInbound(inbound('ccc', '2024-05-10T09:00:00.000Z', 'START', 'opt-in'), {
        effect: 'opt-in',
        doubleOptInExpiresAfterDays: 30,
      });
      await store.recordInbound(inbound('dddd', '2024-03-01T09:00:00.000Z', 'STOP', 'opt-out'), {
        effect: 'opt-out',
        doubleOptInExpiresAfterDays: 30,
      });
      const [first] = await store.leaseOutbox('test', '2024-05-10T10:00:00.000Z', 60_000, 1);
      await store.settleOutbox(first!.id, first!.lease, {
        outcome: 'sent',
        providerMessageId: 'p-1',
        at: '2024-05-10T10:00:01.000Z',
      });
      service = await startService({ store, now: () => NOW });
    });
    after(async () => {
      await service.close();
      await store.close();
    });

    it('counts the last 30 days by default, per day and webhook', async () => {
      const report = await api(service.baseUrl, 'GET', '/api/reports/daily');
      expect(report.status, report.text).to.equal(200);
      expectDocumented('/api/reports/daily', 'get', report);
      const days = report.body.days as Array<Record<string, unknown>>;
      expect(days.map((day) => day.date)).to.deep.equal(['2024-05-09', '2024-05-10']);
      expect(days[0]).to.deep.equal({
        date: '2024-05-09',
        webhookId: 'e2e-sinch',
        inbound: { 'opt-out': 1, custom: 1 },
        optOuts: 1,
        optIns: 0,
        replies: { delivered: 1, failed: 0, pending: 1 },
      });
      expect(days[1]).to.deep.include({ inbound: { 'opt-in': 1 }, optOuts: 0, optIns: 1 });
      expect(days[1]!.replies).to.deep.equal({ delivered: 0, failed: 0, pending: 1 });
    });

    it('takes since, until and webhookId', async () => {
      const march = await api(service.baseUrl, 'GET', '/api/reports/daily?since=2024-03-01&until=2024-03-31');
      expect((march.body.days as Array<{ optOuts: number }>).map((day) => day.optOuts)).to.deep.equal([1]);
      const other = await api(service.baseUrl, 'GET', '/api/reports/daily?webhookId=e2e-telnyx-in');
      expect(other.body.days).to.deep.equal([]);
    });

    it('refuses a range over 92 days, a reversed one and a date that does not exist, naming the parameter', async () => {
      const long = await api(service.baseUrl, 'GET', '/api/reports/daily?since=2024-01-01&until=2024-05-01');
      expect(long.status).to.equal(422);
      expect(JSON.stringify(long.body.problems)).to.include('query.since');
      const reversed = await api(service.baseUrl, 'GET', '/api/reports/daily?since=2024-05-02&until=2024-05-01');
      expect(reversed.status).to.equal(422);
      const unreal = await api(service.baseUrl, 'GET', '/api/reports/daily?until=2024-02-30');
      expect(unreal.status).to.equal(422);
      expect(JSON.stringify(unreal.body.problems)).to.include('query.until');
      expect((await api(service.baseUrl, 'GET', '/api/reports/daily?since=yesterday')).status).to.equal(422);
    });
  });
}
