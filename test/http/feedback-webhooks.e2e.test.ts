// Feedback webhooks as the product creates them: a name, the vendor and the type (and, for Custom, the payload
// template), with no credentials and no sender number. Such a webhook takes delivery reports as soon as it
// exists; one that names credentials waits, like every other, until a channel configuration attaches them.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { api, expectDocumented } from '../support/admin-api.ts';
import * as callbacks from '../support/callbacks.ts';
import { REPO_DIR } from '../support/corpus.ts';
import { optline } from '../support/optline-cli.ts';
import { LOOPBACK_RANGES } from '../support/loopback-outbound.ts';
import { startServiceProcess } from '../support/service-process.ts';
import { backends } from '../support/store-backends.ts';
import { postJson, startService, type RunningService } from '../support/service.ts';

const TELNYX_FEEDBACK_TEMPLATE: unknown = JSON.parse(
  readFileSync(join(REPO_DIR, 'rules', 'telnyx.feedback.template.json'), 'utf8'),
);

/** Exactly the fields the product's steps ask for. */
const minimalInfobip = (id: string) => ({
  id,
  name: `Delivery reports ${id}`,
  version: '1.0.0',
  vendor: 'infobip',
  type: 'feedback',
});
const minimalCustom = (id: string) => ({ ...minimalInfobip(id), vendor: 'custom', payload: TELNYX_FEEDBACK_TEMPLATE });

const GATED_CREDENTIALS = {
  name: 'gated-creds',
  vendor: 'infobip',
  baseUrl: 'http://127.0.0.1:9',
  accountId: 'gated',
  secretEnv: 'GATED_API_KEY',
  options: {},
};
const GATED_ENV = { GATED_API_KEY: 'gated-key' };

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A rules directory: two minimal feedback webhooks, and one that names credentials no channel attaches. */
function rulesDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'optline-feedback-'));
  dirs.push(dir);
  const write = (name: string, content: unknown) =>
    writeFileSync(join(dir, name), `${JSON.stringify(content, null, 2)}\n`);
  write('dlr-infobip.webhook.json', minimalInfobip('dlr-infobip'));
  write('dlr-telnyx.webhook.json', minimalCustom('dlr-telnyx'));
  write('dlr-gated.webhook.json', {
    ...minimalInfobip('dlr-gated'),
    credentials: GATED_CREDENTIALS.name,
    senderNumber: '+15550109',
  });
  write('gated-creds.credentials.json', GATED_CREDENTIALS);
  return dir;
}

let sequence = 0;
const reference = () => `mt-${Date.now().toString(36)}-${++sequence}`;
const TO = '+12025550188';

describe('minimal feedback webhooks in optline check', () => {
  it('pass the check with no error and no warning, while one naming unattached credentials is warned of', async () => {
    const dir = rulesDir();
    // The credentials name the loopback fake: allowed, as a deployment with such a provider would list it.
    const check = await optline(['check', dir], '', {
      ...GATED_ENV,
      OPTLINE_OUTBOUND_ALLOW: LOOPBACK_RANGES.join(','),
    });
    expect(check.status, check.stdout + check.stderr).to.equal(0);
    expect(check.stdout.trimEnd().split('\n')).to.deep.equal([
      `${dir}/dlr-gated.webhook.json:7:18: warning: dlr-gated: the webhook is not active: its credentials "gated-creds" are not attached to a channel configuration (create one with POST /api/channel-configurations listing +15550109)`,
    ]);
    expect(check.stderr).to.contain('3 rule file(s)');
  });
});

for (const backend of backends()) {
  describe(`feedback webhooks without credentials over HTTP, on the ${backend.name}`, () => {
    let store: Store;
    let service: RunningService;

    before(async () => {
      store = await backend.open();
      service = await startService({ store, rulesDir: rulesDir(), env: GATED_ENV });
    });
    after(async () => {
      await service.close();
      await store.close();
    });

    const report = async (url: string, build: callbacks.VendorCallbacks, outcome: 'queued' | 'delivered') => {
      const ref = reference();
      const response = await postJson(url, build.feedback({ reference: ref, to: TO, outcome }));
      return { ref, response };
    };

    it('an Infobip one from a rule file stores delivery reports at once', async () => {
      const { ref, response } = await report(service.urlOf('dlr-infobip'), callbacks.infobip, 'delivered');
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
      expect(response.body).to.include({ status: 'stored', kind: 'feedback', events: 1 });
      expect(await store.delivery(ref)).to.include({ status: 'delivered', final: true });
    });

    it('a Custom one with only its payload template stores delivery reports at once', async () => {
      const { ref, response } = await report(service.urlOf('dlr-telnyx'), callbacks.telnyx, 'delivered');
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
      expect(await store.delivery(ref)).to.include({ status: 'delivered', final: true });
    });

    it('the admin API lists it active, with no credentials and no sender number, as documented', async () => {
      const shown = await api(service.baseUrl, 'GET', '/api/webhooks/dlr-infobip');
      expect(shown.status).to.equal(200);
      expect(shown.body).to.include({ active: true, inactiveReason: null, credentials: null, senderNumber: null });
      expectDocumented('/api/webhooks/{id}', 'get', shown);
    });

    it('one that names credentials keeps the gate: 409 until a channel configuration attaches them', async () => {
      const url = service.urlOf('dlr-gated');
      const refused = await report(url, callbacks.infobip, 'delivered');
      expect(refused.response.status).to.equal(409);
      expect(String(refused.response.body.message)).to.contain('not attached to a channel configuration');
      expect(await store.delivery(refused.ref)).to.equal(null);
      const listed = await api(service.baseUrl, 'GET', '/api/webhooks/dlr-gated');
      expect(listed.body).to.include({ active: false, credentials: 'gated-creds', senderNumber: '+15550109' });

      const channel = await api(service.baseUrl, 'POST', '/api/channel-configurations', {
        body: { name: 'gated-channel', credentials: 'gated-creds', senderNumbers: ['+15550109'] },
      });
      expect(channel.status, channel.text).to.equal(201);
      const { ref, response } = await report(url, callbacks.infobip, 'delivered');
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
      expect(await store.delivery(ref)).to.include({ status: 'delivered' });
    });

    for (const [vendor, build, file] of [
      ['Infobip', callbacks.infobip, minimalInfobip],
      ['Custom', callbacks.telnyx, minimalCustom],
    ] as const) {
      it(`POST /api/webhooks with a minimal ${vendor} feedback file: active at once, and it stores reports`, async () => {
        const id = `api-dlr-${vendor.toLowerCase()}-${Date.now().toString(36)}`;
        const created = await api(service.baseUrl, 'POST', '/api/webhooks', { body: file(id) });
        expect(created.status, created.text).to.equal(201);
        expect(created.body).to.include({ id, active: true, inactiveReason: null, credentials: null });
        expectDocumented('/api/webhooks', 'post', created);
        const url = String(created.body.url).replace('http://127.0.0.1', service.baseUrl);
        const { ref, response } = await report(url, build, 'queued');
        expect(response.status, JSON.stringify(response.body)).to.equal(200);
        expect(await store.delivery(ref)).to.include({ status: 'queued', final: false });
      });
    }

    it('POST /api/webhooks refuses an inbound webhook without them, at line and column', async () => {
      const text = JSON.stringify({ ...minimalInfobip('api-in-bare'), type: 'inbound' }, null, 2);
      const refused = await api(service.baseUrl, 'POST', '/api/webhooks', { body: text });
      expect(refused.status).to.equal(422);
      const problems = refused.body.problems as Array<Record<string, unknown>>;
      expect(problems.map(({ path, line, column }) => ({ path, line, column }))).to.deep.equal([
        { path: '', line: 1, column: 1 },
        { path: '', line: 1, column: 1 },
      ]);
      expect(problems.map((problem) => String(problem.message))).to.satisfy((messages: string[]) =>
        messages.every((message) => /only a feedback webhook may leave out/.test(message)),
      );
      expect((await api(service.baseUrl, 'GET', '/api/webhooks/api-in-bare')).status).to.equal(404);
    });
  });
}

describe('the built service with minimal feedback webhooks', function () {
  this.timeout(60_000);

  it('starts, takes an Infobip and a Custom delivery report (200), and the store holds both', async () => {
    const dir = rulesDir();
    const data = join(dir, 'data');
    const service = await startServiceProcess({
      ...GATED_ENV,
      OPTLINE_RULES: dir,
      OPTLINE_DATA: data,
      OPTLINE_DISPATCH: 'off',
    });
    const refs: string[] = [];
    try {
      for (const [id, build] of [
        ['dlr-infobip', callbacks.infobip],
        ['dlr-telnyx', callbacks.telnyx],
      ] as const) {
        const url = service.urls.get(id);
        expect(url, service.output()).to.be.a('string');
        const ref = reference();
        const response = await postJson(url!, build.feedback({ reference: ref, to: TO, outcome: 'delivered' }));
        expect(response.status, JSON.stringify(response.body)).to.equal(200);
        refs.push(ref);
      }
      expect(service.output()).not.to.match(/dlr-(infobip|telnyx): the webhook is not active/);
    } finally {
      await service.stop();
    }
    const store = await openSqliteStore({ dir: data });
    try {
      for (const ref of refs) expect(await store.delivery(ref)).to.include({ status: 'delivered', final: true });
    } finally {
      await store.close();
    }
  });
});
