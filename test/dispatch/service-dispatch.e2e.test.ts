// The service as `npm start` runs it sends replies: a rule file, its credentials file pointing at a fake
// Sinch and a channel file, a callback in, the reply out; and with OPTLINE_DISPATCH=off it only queues.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
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
    const credentials = { name: 'e2e-sinch-creds', vendor: 'sinch', baseUrl: sinch.baseUrl, accountId: PLAN, secretEnv: 'SERVICE_SINCH_TOKEN', options: {} };
    await writeFile(join(rulesDir, 'e2e-sinch-creds.credentials.json'), JSON.stringify(credentials));
    await writeFile(join(rulesDir, 'e2e-sinch.channel.json'), JSON.stringify({ name: 'e2e-sinch', credentials: 'e2e-sinch-creds', senderNumbers: ['+15550100'] }));
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
    service = await startServiceProcess({ ...isolated, SERVICE_SINCH_TOKEN: TOKEN, OPTLINE_DISPATCH_POLL_MS: '20', ...env });
    return service;
  };
  const textStop = async (running: ServiceProcess, from: string) => {
    const url = running.urls.get('e2e-sinch');
    if (!url) return expect.fail(`no URL for e2e-sinch in:\n${running.output()}`);
    const body = callbacks.sinch.inbound({ requestId: `svc-${from}`, from, to: '+15550100', text: 'STOP', at: new Date() });
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status, await response.text()).to.equal(200);
  };

  it('sends the STOP confirmation through the credentials the rule file names', async () => {
    const running = await start({});
    await textStop(running, '+12025556001');
    await until(() => sinch.accepted.length > 0, { timeoutMs: 15_000, context: () => `nothing sent:\n${running.output()}`, pollMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sinch.accepted.map((request) => request.json)).to.deep.equal([
      { from: '+15550100', to: ['+12025556001'], body: 'ACME: you are unsubscribed and will get no more messages.', client_reference: (sinch.accepted[0]?.json as { client_reference: string }).client_reference },
    ]);
  });

  it('only queues replies with OPTLINE_DISPATCH=off', async () => {
    const running = await start({ OPTLINE_DISPATCH: 'off' });
    await textStop(running, '+12025556002');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sinch.requests).to.deep.equal([]);
  });
});
