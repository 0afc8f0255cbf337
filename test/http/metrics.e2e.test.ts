// GET /metrics on the built service: counters move with the right labels after callbacks, the webhook's secret
// never shows, the process metrics are there, and OPTLINE_METRICS=token / off are honoured.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.ts';
import { FIXTURE_ENV, FIXTURE_RULES_DIR, postJson } from '../support/service.ts';
import * as callbacks from '../support/callbacks.ts';
import { sample } from '../support/metrics-sample.ts';

const TOKEN = 'metrics-admin-token';

async function start(metrics?: string): Promise<{ service: ServiceProcess; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'optline-metrics-e2e-'));
  const service = await startServiceProcess({
    ...FIXTURE_ENV,
    OPTLINE_DATA: dataDir,
    OPTLINE_RULES: FIXTURE_RULES_DIR,
    OPTLINE_ADMIN_TOKEN: TOKEN,
    OPTLINE_DISPATCH: 'off',
    ...(metrics === undefined ? {} : { OPTLINE_METRICS: metrics }),
  });
  return {
    service,
    dispose: async () => {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('GET /metrics', function () {
  this.timeout(60_000);

  it('is on by default and counts callbacks, decisions and consent changes by webhook', async () => {
    const { service, dispose } = await start();
    try {
      const url = service.urls.get('e2e-sinch')!;
      const at = new Date();
      const stop = callbacks.sinch.inbound({
        requestId: 'm-1',
        from: '+12025550101',
        to: '+15550100',
        text: 'STOP',
        at,
      });
      expect((await postJson(url, stop)).status).to.equal(200);
      expect((await postJson(url, stop)).status, 'a replay').to.equal(200);
      const hello = callbacks.sinch.inbound({
        requestId: 'm-2',
        from: '+12025550102',
        to: '+15550100',
        text: 'hi',
        at,
      });
      expect((await postJson(url, hello)).status).to.equal(200);
      expect((await postJson(url, { not: 'a sinch body' })).status).to.equal(422);
      expect((await postJson(url.replace(/[^/]+$/, 'wrong-secret'), stop)).status).to.equal(404);

      const response = await fetch(`${service.baseUrl}/metrics`);
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.match(/^text\/plain/);
      const text = await response.text();
      const secret = url.split('/').pop()!;
      expect(text).not.to.include(secret);
      expect(sample(text, 'optline_callbacks_total{webhook="e2e-sinch",kind="inbound",status="200"}')).to.equal(3);
      expect(sample(text, 'optline_callbacks_total{webhook="e2e-sinch",kind="both",status="422"}')).to.equal(1);
      expect(sample(text, 'optline_callbacks_total{webhook="unknown",kind="unknown",status="404"}')).to.equal(1);
      expect(sample(text, 'optline_callback_duration_seconds_count{webhook="e2e-sinch"}')).to.equal(4);
      // The replay is stored once, so decided and counted once.
      expect(sample(text, 'optline_decisions_total{webhook="e2e-sinch",category="opt-out"}')).to.equal(1);
      expect(sample(text, 'optline_consent_changes_total{webhook="e2e-sinch",to="opted-out"}')).to.equal(1);
      expect(sample(text, 'optline_outbox_entries{state="pending"}')).to.be.greaterThan(0);
      expect(sample(text, 'optline_store_commit_group_size_count')).to.be.greaterThan(0);
      expect(text).to.match(/^nodejs_eventloop_lag_seconds \d/m);
      expect(text).to.match(/^nodejs_heap_size_used_bytes \d/m);
      // The admin token is accepted too (a scraper configured with it keeps working).
      expect(
        (await fetch(`${service.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
      ).to.equal(200);
    } finally {
      await dispose();
    }
  });

  it('requires the admin token with OPTLINE_METRICS=token, and answers 404 with off', async () => {
    const guarded = await start('token');
    try {
      expect((await fetch(`${guarded.service.baseUrl}/metrics`)).status).to.equal(401);
      const withToken = await fetch(`${guarded.service.baseUrl}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(withToken.status).to.equal(200);
      expect(await withToken.text()).to.include('optline_callbacks_total');
    } finally {
      await guarded.dispose();
    }
    const off = await start('off');
    try {
      expect((await fetch(`${off.service.baseUrl}/metrics`)).status).to.equal(404);
    } finally {
      await off.dispose();
    }
  });
});
