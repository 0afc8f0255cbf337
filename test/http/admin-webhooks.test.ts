import { expect } from 'chai';
import type { Store } from '../../src/store/store.ts';
import { api, sinchRuleFile } from '../support/admin-api.ts';
import * as callbacks from '../support/callbacks.ts';
import { backends } from '../support/store-backends.ts';
import { ADMIN_TOKEN, postJson, startService, type RunningService } from '../support/service.ts';

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++sequence}`;

for (const backend of backends()) {
  describe(`webhooks through the admin API, on the ${backend.name}`, () => {
    let store: Store;
    let service: RunningService;

    before(async () => {
      store = await backend.open();
      service = await startService({
        store,
        adminTokens: [
          { label: 'alice', token: ADMIN_TOKEN },
          { label: 'bob', token: 'bob-token-123' },
        ],
      });
    });
    after(async () => {
      await service.close();
      await store.close();
    });

    const inbound = (requestId: string, from: string, text: string) =>
      callbacks.sinch.inbound({ requestId, from, to: '+15550100', text, at: new Date() });

    it('a webhook created through the API takes callbacks at once, and its events name the API revision', async () => {
      const id = unique('api-hook');
      const created = await api(service.baseUrl, 'POST', '/api/webhooks', { body: sinchRuleFile(id) });
      expect(created.status, created.text).to.equal(201);
      expect(created.body).to.include({ id, source: 'api', revision: 1, active: true, inactiveReason: null });
      const url = String(created.body.url).replace('http://127.0.0.1', service.baseUrl);
      const requestId = unique('mo');
      const callback = await postJson(url, inbound(requestId, '+12025550701', 'PROMO'));
      expect(callback.status, JSON.stringify(callback.body)).to.equal(200);
      const [event] = await store.listEvents({ webhookId: id });
      expect(event?.requestId).to.equal(requestId);
      expect(event?.category).to.equal('custom');
      expect(event!.ruleRevision).to.include({ id, version: '1.0.0', apiRevision: 1 });
    });

    it('refuses an invalid webhook listing every problem with its path, and creates nothing', async () => {
      const id = unique('broken');
      const body = sinchRuleFile(id, {
        version: 'one',
        senderNumber: 'nobody',
        vendor: 'sinch',
        keywords: { help: { keywords: ['Stop'] } },
        extra: true,
      });
      const refused = await api(service.baseUrl, 'POST', '/api/webhooks', { body });
      expect(refused.status).to.equal(422);
      expect(refused.body.error).to.equal('validation_failed');
      const paths = (refused.body.problems as Array<{ path: string }>).map((problem) => problem.path);
      expect(paths).to.include.members(['/version', '/senderNumber']);
      expect(paths.some((path) => path === '' || path === '/extra')).to.equal(true);
      expect((await api(service.baseUrl, 'GET', `/api/webhooks/${id}`)).status).to.equal(404);
    });

    it('refuses a rule file that is not JSON with its line and column', async () => {
      const refused = await api(service.baseUrl, 'POST', '/api/webhooks', { body: '{\n  "id": "x",\n  oops\n}' });
      expect(refused.status).to.equal(422);
      const [problem] = refused.body.problems as Array<{ path: string; message: string; line: number }>;
      expect(problem?.message).to.match(/invalid JSON/);
      expect(problem?.line).to.equal(3);
    });

    it('an update makes a new revision with the author and a JSON Patch diff, and swaps the webhook in at once', async () => {
      const id = unique('evolving');
      await api(service.baseUrl, 'POST', '/api/webhooks', { body: sinchRuleFile(id) });
      const changed = sinchRuleFile(id, {
        version: '1.1.0',
        keywords: { custom: { keyword: 'Deal', reply: 'Deal!' } },
      });
      const updated = await api(service.baseUrl, 'PUT', `/api/webhooks/${id}`, {
        body: changed,
        token: 'bob-token-123',
      });
      expect(updated.status, updated.text).to.equal(200);
      expect(updated.body).to.include({ revision: 2, version: '1.1.0' });
      const revisions = updated.body.revisions as Array<{
        revision: number;
        author: string;
        diff: unknown[];
        content: string;
      }>;
      expect(revisions.map((entry) => [entry.revision, entry.author])).to.deep.equal([
        [1, 'alice'],
        [2, 'bob'],
      ]);
      expect(revisions[1]?.diff).to.deep.include.members([
        { op: 'replace', path: '/version', value: '1.1.0' },
        { op: 'replace', path: '/keywords/custom/keyword', value: 'Deal' },
      ]);
      expect(JSON.parse(revisions[1]!.content)).to.deep.equal(changed);
      const url = String(updated.body.url).replace('http://127.0.0.1', service.baseUrl);
      const from = '+12025550702';
      expect((await postJson(url, inbound(unique('mo'), from, 'DEAL'))).status).to.equal(200);
      const [event] = await store.listEvents({ profileNumber: from });
      expect(event?.category).to.equal('custom');
      expect(event?.ruleRevision).to.include({ version: '1.1.0', apiRevision: 2 });
    });

    it('an update may not rename the webhook', async () => {
      const id = unique('fixed-name');
      await api(service.baseUrl, 'POST', '/api/webhooks', { body: sinchRuleFile(id) });
      const refused = await api(service.baseUrl, 'PUT', `/api/webhooks/${id}`, {
        body: sinchRuleFile(`${id}-renamed`),
      });
      expect(refused.status).to.equal(422);
      expect(refused.body.problems).to.deep.include({
        path: '/id',
        message: `must be "${id}", the id in the URL (a webhook cannot be renamed)`,
      });
    });

    it('deleting a webhook makes its URL answer 404 at once and keeps its revisions', async () => {
      const id = unique('short-lived');
      const created = await api(service.baseUrl, 'POST', '/api/webhooks', { body: sinchRuleFile(id) });
      const url = String(created.body.url).replace('http://127.0.0.1', service.baseUrl);
      expect((await api(service.baseUrl, 'DELETE', `/api/webhooks/${id}`)).status).to.equal(204);
      expect((await postJson(url, inbound(unique('mo'), '+12025550703', 'STOP'))).status).to.equal(404);
      expect((await api(service.baseUrl, 'GET', `/api/webhooks/${id}`)).status).to.equal(404);
      const history = await api(service.baseUrl, 'GET', `/api/webhooks/${id}/revisions`);
      expect((history.body.revisions as Array<{ deleted: boolean }>).map((entry) => entry.deleted)).to.deep.equal([
        false,
        true,
      ]);
      const again = await api(service.baseUrl, 'POST', '/api/webhooks', { body: sinchRuleFile(id) });
      expect(again.body.revision).to.equal(3);
    });

    it('webhooks defined by rule files are read-only through the API (409)', async () => {
      expect(
        (await api(service.baseUrl, 'POST', '/api/webhooks', { body: sinchRuleFile('e2e-sinch') })).status,
      ).to.equal(409);
      expect(
        (await api(service.baseUrl, 'PUT', '/api/webhooks/e2e-sinch', { body: sinchRuleFile('e2e-sinch') })).status,
      ).to.equal(409);
      const deleted = await api(service.baseUrl, 'DELETE', '/api/webhooks/e2e-sinch');
      expect(deleted.status).to.equal(409);
      expect(deleted.body.message).to.match(/rule file .*e2e-sinch\.webhook\.json.*read-only/);
      expect((await api(service.baseUrl, 'GET', '/api/webhooks/e2e-sinch')).body).to.include({
        source: 'file',
        active: true,
        file: 'e2e-sinch.webhook.json', // relative to OPTLINE_RULES
      });
      const listed = (await api(service.baseUrl, 'GET', '/api/webhooks')).body.webhooks as Array<{
        id: string;
        file: unknown;
      }>;
      expect(listed.find((webhook) => webhook.id === 'e2e-telnyx-in')?.file).to.equal('e2e-telnyx-in.webhook.json');
    });

    it('a webhook whose credentials do not exist answers 409 saying so, and is listed inactive with the reason', async () => {
      const id = unique('unattached');
      const created = await api(service.baseUrl, 'POST', '/api/webhooks', {
        body: sinchRuleFile(id, { credentials: 'nobody-creds' }),
      });
      expect(created.status).to.equal(201);
      expect(created.body.active).to.equal(false);
      const url = String(created.body.url).replace('http://127.0.0.1', service.baseUrl);
      const refused = await postJson(url, inbound(unique('mo'), '+12025550704', 'STOP'));
      expect(refused.status).to.equal(409);
      expect(refused.body.message).to.match(/not active: its credentials "nobody-creds" do not exist/);
      const listing = await api(service.baseUrl, 'GET', '/api/webhooks');
      const listed = (listing.body.webhooks as Array<{ id: string; active: boolean; inactiveReason: string }>).find(
        (webhook) => webhook.id === id,
      );
      expect(listed?.active).to.equal(false);
      expect(listed?.inactiveReason).to.match(/nobody-creds/);
      expect(await store.listEvents({ webhookId: id })).to.deep.equal([]);
    });

    it('a webhook becomes active once a channel configuration attaches its credentials to its sender number', async () => {
      const id = unique('attach-later');
      const name = unique('creds');
      await api(service.baseUrl, 'POST', '/api/credentials', {
        body: {
          name,
          vendor: 'sinch',
          baseUrl: 'https://us.sms.api.sinch.com',
          accountId: 'plan',
          secret: 'token-token-token-token-1234',
        },
      });
      const created = await api(service.baseUrl, 'POST', '/api/webhooks', {
        body: sinchRuleFile(id, { credentials: name, senderNumber: '+15550177' }),
      });
      expect(created.body.inactiveReason).to.match(/not attached to a channel configuration/);
      const url = String(created.body.url).replace('http://127.0.0.1', service.baseUrl);
      const body = () =>
        callbacks.sinch.inbound({
          requestId: unique('mo'),
          from: '+12025550705',
          to: '+15550177',
          text: 'HELP',
          at: new Date(),
        });
      expect((await postJson(url, body())).status).to.equal(409);
      const channel = await api(service.baseUrl, 'POST', '/api/channel-configurations', {
        body: { name: `${name}-us`, credentials: name, senderNumbers: ['+15550177'] },
      });
      expect(channel.status, channel.text).to.equal(201);
      expect((await postJson(url, body())).status).to.equal(200);
      expect((await api(service.baseUrl, 'GET', `/api/webhooks/${id}`)).body.active).to.equal(true);
    });

    it('shows what a payload template leaves to defaults, at its line and column, for a webhook made through the API', async () => {
      const id = unique('grid-dlr');
      // No {{failureCode}}: codes are null. A minimal feedback webhook, active at once.
      const file = {
        id,
        name: 'Event Grid delivery reports',
        version: '1.0.0',
        vendor: 'custom',
        type: 'feedback',
        payload: { data: { status: '{{feedbackStatus}}', ref: '{{client_reference}}' } },
      };
      const created = await api(service.baseUrl, 'POST', '/api/webhooks', { body: file });
      expect(created.status, created.text).to.equal(201);
      const warnings = created.body.templateWarnings as string[];
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.match(/^\d+:\d+: .*\{\{failureCode\}\}/);
      const listed = (await api(service.baseUrl, 'GET', '/api/webhooks')).body.webhooks as Array<
        Record<string, unknown>
      >;
      expect(listed.find((webhook) => webhook.id === id)?.templateWarnings).to.deep.equal(warnings);
      const complete = listed.find((webhook) => webhook.vendor === 'sinch');
      expect(complete?.templateWarnings).to.deep.equal([]);
    });
  });
}
