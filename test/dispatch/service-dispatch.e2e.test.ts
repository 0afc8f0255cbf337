// The service as `npm start` runs it sends replies: a rule file, its credentials file pointing at a fake
// Sinch and a channel file, a callback in, the reply out; and with OPTLINE_DISPATCH=off it only queues.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { OutboxEntry } from '../../src/store/store.ts';
import * as callbacks from '../support/callbacks.ts';
import { startFakeSinch, type FakeProvider } from '../support/fake-providers.ts';
import { FIXTURE_RULES_DIR } from '../support/service.ts';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.ts';
import { until } from '../support/until.ts';

const PLAN = 'plan-service';
const TOKEN = 'service-token';

describe('the service sends replies (npm start)', function () {
  this.timeout(60_000);
  let rulesDir: string;
  let dataDir: string;
  let sinch: FakeProvider;
  let service: ServiceProcess | null = null;

  beforeEach(async () => {
    rulesDir = await mkdtemp(join(tmpdir(), 'optline-rules-'));
    dataDir = await mkdtemp(join(tmpdir(), 'optline-data-'));
    sinch = await startFakeSinch({ servicePlanId: PLAN, token: TOKEN });
    await copyFile(join(FIXTURE_RULES_DIR, 'e2e-sinch.webhook.json'), join(rulesDir, 'e2e-sinch.webhook.json'));
    const credentials = {
      name: 'e2e-sinch-creds',
      vendor: 'sinch',
      baseUrl: sinch.baseUrl,
      accountId: PLAN,
      secretEnv: 'SERVICE_SINCH_TOKEN',
      options: {},
    };
    await writeFile(join(rulesDir, 'e2e-sinch-creds.credentials.json'), JSON.stringify(credentials));
    await writeFile(
      join(rulesDir, 'e2e-sinch.channel.json'),
      JSON.stringify({ name: 'e2e-sinch', credentials: 'e2e-sinch-creds', senderNumbers: ['+15550100'] }),
    );
  });
  afterEach(async () => {
    await service?.stop();
    service = null;
    await sinch.close();
    await rm(rulesDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async (env: NodeJS.ProcessEnv) => {
    // The embedded store in a fresh directory (startServiceProcess ignores MONGODB_URI): a shared database holds other replies.
    const isolated = { OPTLINE_RULES: rulesDir, OPTLINE_DATA: dataDir };
    service = await startServiceProcess({
      ...isolated,
      SERVICE_SINCH_TOKEN: TOKEN,
      OPTLINE_DISPATCH_POLL_MS: '20',
      ...env,
    });
    return service;
  };
  const textStop = async (running: ServiceProcess, from: string) => {
    const url = running.urls.get('e2e-sinch');
    if (!url) return expect.fail(`no URL for e2e-sinch in:\n${running.output()}`);
    const body = callbacks.sinch.inbound({
      requestId: `svc-${from}`,
      from,
      to: '+15550100',
      text: 'STOP',
      at: new Date(),
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.text()).to.equal(200);
  };

  /** The outbox as the service's embedded store holds it (a second handle on the same SQLite file). */
  const outboxTo = async (to: string): Promise<OutboxEntry[]> => {
    const store = await openSqliteStore({ dir: dataDir });
    try {
      return (await store.outbox({ limit: 100 })).filter((entry) => entry.reply.to === to);
    } finally {
      await store.close();
    }
  };
  const STOP_REPLY = 'ACME: you are unsubscribed and will get no more messages.';

  it('sends the STOP confirmation through the credentials the rule file names', async () => {
    const running = await start({});
    await textStop(running, '+12025556001');
    // Settled as sent only after the vendor answered: from then on, every request it got is on record.
    await until(async () => (await outboxTo('+12025556001'))[0]?.state === 'sent', {
      timeoutMs: 15_000,
      context: () => `not sent:\n${running.output()}`,
      pollMs: 20,
    });
    const [entry] = await outboxTo('+12025556001');
    expect(sinch.requests.map((request) => request.json)).to.deep.equal([
      { from: '+15550100', to: ['+12025556001'], body: STOP_REPLY, client_reference: entry?.id },
    ]);
    expect(entry).to.deep.include({
      attempts: 1,
      providerMessageId: (sinch.accepted[0]?.answered as { id?: string } | undefined)?.id,
    });
  });

  it('only queues replies with OPTLINE_DISPATCH=off; a restart with dispatch on sends them', async () => {
    const off = await start({ OPTLINE_DISPATCH: 'off' });
    await textStop(off, '+12025556002');
    // The service is gone before the outbox is read: nothing it did can still come after the check.
    await off.stop();
    const [queued] = await outboxTo('+12025556002');
    expect(queued).to.deep.include({ state: 'pending', attempts: 0, providerMessageId: null });
    expect(queued?.reply.text).to.equal(STOP_REPLY);
    expect(sinch.requests).to.deep.equal([]);
    // The control: the same entry on the same store goes out as soon as a dispatcher runs.
    const on = await start({});
    await until(async () => (await outboxTo('+12025556002'))[0]?.state === 'sent', {
      timeoutMs: 15_000,
      context: () => `not sent:\n${on.output()}`,
      pollMs: 20,
    });
    expect(
      sinch.requests.map((request) => (request.json as { client_reference?: unknown }).client_reference),
    ).to.deep.equal([queued?.id]);
  });
});
