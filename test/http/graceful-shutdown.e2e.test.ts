// SIGTERM under load on the built service: every callback gets an answer -- 200 (and is then stored) or 503 with
// Retry-After once the drain began -- or finds the port closed; no connection is reset, and the exit code is 0.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServiceProcess } from '../support/service-process.ts';
import { FIXTURE_ENV, FIXTURE_RULES_DIR } from '../support/service.ts';
import * as callbacks from '../support/callbacks.ts';
import { until } from '../support/until.ts';

const TOKEN = 'shutdown-token';
const SENDERS = 64;

/** The error code under a failed fetch (undici wraps it: TypeError "fetch failed", cause {code}). */
function codeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : String(error);
}

describe('graceful shutdown', function () {
  this.timeout(120_000);

  it('drains on SIGTERM under load: every answer a 200 (stored) or a 503 with Retry-After, no reset, exit 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'optline-shutdown-'));
    const env = {
      ...FIXTURE_ENV,
      OPTLINE_DATA: dataDir,
      OPTLINE_RULES: FIXTURE_RULES_DIR,
      OPTLINE_ADMIN_TOKEN: TOKEN,
      OPTLINE_DISPATCH: 'off',
      OPTLINE_DRAIN_SECONDS: '10',
    };
    const first = await startServiceProcess(env);
    const url = first.urls.get('e2e-sinch')!;
    const acknowledged: string[] = [];
    const drained: string[] = [];
    const unexpected: string[] = [];
    let refused = 0;
    let sent = 0;
    // Each sender stops as a provider would: at a 503 (it retries later) or when the port no longer answers.
    const sender = async () => {
      for (;;) {
        const requestId = `term-${sent++}`;
        const body = callbacks.sinch.inbound({
          requestId,
          from: `+1202557${String(sent % 10000).padStart(4, '0')}`,
          to: '+15550100',
          text: sent % 2 ? 'STOP' : 'YES',
          at: new Date(),
        });
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          await response.arrayBuffer();
          if (response.status === 200) acknowledged.push(requestId);
          else if (response.status === 503 && /^\d+$/.test(response.headers.get('retry-after') ?? '')) {
            drained.push(requestId);
            return;
          } else unexpected.push(`${requestId}: ${response.status}`);
        } catch (error) {
          if (codeOf(error) === 'ECONNREFUSED') {
            refused += 1;
            return;
          }
          unexpected.push(`${requestId}: ${codeOf(error)}`);
          return;
        }
      }
    };
    // 64 at once: some connections wait in the kernel's accept queue at SIGTERM, as they do at a busy instance.
    const senders = Array.from({ length: SENDERS }, sender);
    await until(() => acknowledged.length >= 200, { timeoutMs: 60_000, pollMs: 5, context: first.output });
    const acknowledgedBeforeTerm = acknowledged.length;
    await first.stop('SIGTERM');
    await Promise.all(senders);
    expect(first.child.exitCode, first.output()).to.equal(0);
    expect(unexpected, 'answers other than 200 or 503 with Retry-After, or connection errors').to.deep.equal([]);
    expect(drained.length + refused, 'every sender ended at a 503 or a closed port').to.equal(SENDERS);
    expect(acknowledged.length).to.be.at.least(acknowledgedBeforeTerm);

    const second = await startServiceProcess(env);
    try {
      const response = await fetch(`${second.baseUrl}/api/events?webhookId=e2e-sinch&limit=1000`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const { events } = (await response.json()) as { events: Array<{ requestId: string }> };
      const stored = new Set(events.map((event) => event.requestId));
      const lost = acknowledged.filter((requestId) => !stored.has(requestId));
      expect(lost, `${lost.length} of ${acknowledged.length} acknowledged callbacks lost`).to.deep.equal([]);
      for (const requestId of drained) expect(stored.has(requestId), `${requestId} got a 503`).to.equal(false);
    } finally {
      await second.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
