import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServiceProcess } from '../support/service-process.ts';
import { FIXTURE_ENV, FIXTURE_RULES_DIR } from '../support/service.ts';
import * as callbacks from '../support/callbacks.ts';
import { until } from '../support/until.ts';

// A SIGKILL keeps the OS page cache, so this proves that no 200 precedes its COMMIT and that a restart recovers
// the WAL, not that the fdatasync was awaited: FULL and NORMAL both pass here. wal-sync.e2e.test.ts proves that.
describe('crash safety of the embedded store', function () {
  this.timeout(120_000);

  it('keeps every callback that got a 200 when the service is killed with SIGKILL mid-stream', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'optline-crash-'));
    const env = {
      ...FIXTURE_ENV,
      OPTLINE_DATA: dataDir,
      OPTLINE_RULES: FIXTURE_RULES_DIR,
      OPTLINE_ADMIN_TOKEN: 'crash-token',
      OPTLINE_DISPATCH: 'off',
    };
    const first = await startServiceProcess(env);
    const url = first.urls.get('e2e-sinch');
    expect(url, first.output()).to.be.a('string');

    const acknowledged: string[] = [];
    let sent = 0;
    let killed = false;
    const sender = async () => {
      while (!killed && sent < 600) {
        const requestId = `crash-${sent++}`;
        const body = callbacks.sinch.inbound({
          requestId,
          from: `+1202556${String(sent % 10000).padStart(4, '0')}`,
          to: '+15550100',
          text: sent % 2 ? 'STOP' : 'YES',
          at: new Date(),
        });
        try {
          const response = await fetch(url!, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          if (response.status === 200) acknowledged.push(requestId);
        } catch {
          // the connection died with the process: not acknowledged, so the provider would retry
        }
      }
    };
    const senders = Array.from({ length: 8 }, sender);
    await until(() => acknowledged.length >= 150, { timeoutMs: 60_000, pollMs: 5, context: first.output });
    await first.stop('SIGKILL');
    killed = true;
    await Promise.all(senders);
    expect(first.child.signalCode).to.equal('SIGKILL');

    const second = await startServiceProcess(env);
    try {
      expect(second.urls.get('e2e-sinch'), 'the webhook URL survives a restart').to.equal(
        url!.replace(first.baseUrl, second.baseUrl),
      );
      const response = await fetch(`${second.baseUrl}/api/events?webhookId=e2e-sinch&limit=1000`, {
        headers: { authorization: 'Bearer crash-token' },
      });
      const { events } = (await response.json()) as { events: Array<{ requestId: string }> };
      const stored = new Set(events.map((event) => event.requestId));
      const lost = acknowledged.filter((requestId) => !stored.has(requestId));
      expect(lost, `${lost.length} of ${acknowledged.length} acknowledged callbacks lost`).to.deep.equal([]);
    } finally {
      await second.stop();
    }
  });
});
