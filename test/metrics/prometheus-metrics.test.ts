// The metrics the dispatcher and the store feed (in-process): replies by vendor and result, the opt-out
// compliance clock, commit group sizes, and the bound on webhook label values.
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { bodyIdOf } from '../../src/store/idempotency-keys.ts';
import { join } from 'node:path';
import { pino } from 'pino';
import { Dispatcher } from '../../src/dispatch/dispatcher.ts';
import { PrometheusMetrics } from '../../src/metrics/prometheus-metrics.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { InboundRecord, Store } from '../../src/store/store.ts';
import { sample } from '../support/metrics-sample.ts';

const QUEUED_AT = '2024-05-01T10:00:00.000Z';

function optOut(requestId: string, profileNumber: string, category = 'opt-out'): InboundRecord {
  return {
    webhookId: 'acme',
    requestId,
    receivedAt: QUEUED_AT,
    eventTime: QUEUED_AT,
    bodyId: bodyIdOf('{}'),
    event: {},
    category,
    keyword: 'STOP',
    explanation: {},
    customKeyword: false,
    binary: false,
    ruleRevision: { id: 'acme', version: '1', contentHash: 'sha256:0' },
    consentKey: { senderNumber: '+15550100', profileNumber },
    reply: { from: '+15550100', to: profileNumber, text: 'You are unsubscribed', category },
  };
}

describe('Prometheus metrics', () => {
  let dir: string;
  let store: Store;
  let metrics: PrometheusMetrics;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'optline-metrics-'));
    metrics = new PrometheusMetrics({
      isWebhook: (id) => id === 'acme' || id.startsWith('hook-'),
      vendorOf: (id) => (id === 'acme' ? 'sinch' : null),
      outboxCounts: () => store.outboxCounts(),
      processMetrics: false,
    });
    store = await openSqliteStore({ dir, groupCommitted: (size) => metrics.groupCommitted(size) });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('counts settled replies by vendor and result, and times an opt-out to its confirmation by the provider', async () => {
    await Promise.all([
      store.recordInbound(optOut('r1', '+447700900001'), { effect: 'opt-out', doubleOptInExpiresAfterDays: 30 }),
      store.recordInbound(optOut('r2', '+447700900002', 'help'), { effect: null, doubleOptInExpiresAfterDays: 30 }),
    ]);
    const settledAt = Date.parse(QUEUED_AT) + 3_000;
    const dispatcher = new Dispatcher({
      store,
      logger: pino({ level: 'silent' }),
      clientFor: () => ({ send: () => Promise.resolve({ ok: true, providerMessageId: 'p' }) }),
      observer: metrics,
      now: () => settledAt,
    });
    expect((await dispatcher.runOnce()).sent).to.equal(2);
    const text = await metrics.render();
    expect(sample(text, 'optline_replies_total{vendor="sinch",result="sent"}')).to.equal(2);
    // One opt-out confirmed 3 s after it was received: in the 5 s bucket, not the 2 s one.
    expect(sample(text, 'optline_optout_confirmation_seconds_count')).to.equal(1);
    expect(sample(text, 'optline_optout_confirmation_seconds_sum')).to.equal(3);
    expect(sample(text, 'optline_optout_confirmation_seconds_bucket{le="2"}')).to.equal(0);
    expect(sample(text, 'optline_optout_confirmation_seconds_bucket{le="5"}')).to.equal(1);
    expect(sample(text, 'optline_outbox_entries{state="sent"}')).to.equal(2);
    // The two inbound writes of one turn went in one group (and the leases and settlements in others).
    expect(sample(text, 'optline_store_commit_group_size_bucket{le="2"}')).to.be.greaterThan(0);
    expect(sample(text, 'optline_store_commit_group_size_count')).to.be.greaterThan(0);
  });

  it('labels callbacks by known webhook ids only, and bounds how many', async () => {
    metrics.callbackAnswered({ webhookId: 'acme', kind: 'inbound', status: 200, seconds: 0.004 });
    metrics.callbackAnswered({ webhookId: 'not-configured', kind: 'unknown', status: 404, seconds: 0.001 });
    metrics.callbackAnswered({ webhookId: null, kind: 'unknown', status: 404, seconds: 0.001 });
    for (let n = 0; n < 250; n++)
      metrics.callbackAnswered({ webhookId: `hook-${n}`, kind: 'inbound', status: 200, seconds: 0.001 });
    const text = await metrics.render();
    expect(sample(text, 'optline_callbacks_total{webhook="acme",kind="inbound",status="200"}')).to.equal(1);
    expect(sample(text, 'optline_callbacks_total{webhook="unknown",kind="unknown",status="404"}')).to.equal(2);
    expect(sample(text, 'optline_callbacks_total{webhook="hook-198",kind="inbound",status="200"}')).to.equal(1);
    expect(sample(text, 'optline_callbacks_total{webhook="hook-199",kind="inbound",status="200"}')).to.equal(undefined);
    expect(sample(text, 'optline_callbacks_total{webhook="other",kind="inbound",status="200"}')).to.equal(51);
    expect(text).not.to.include('not-configured');
  });
});
