// The console's workbench routes: check a payload template, extract a provider's body with it, classify a text
// with a webhook's rules or a rule file. None of them stores anything.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Store } from '../../src/store/store.ts';
import { api, sinchRuleFile } from '../support/admin-api.ts';
import { REPO_DIR } from '../support/corpus.ts';
import { FIXTURE_RULES_DIR, startService, type RunningService } from '../support/service.ts';
import { sqliteBackend } from '../support/store-backends.ts';

const telnyxTemplate = readFileSync(join(FIXTURE_RULES_DIR, 'telnyx.inbound.template.json'), 'utf8');
const telnyxInbound = readFileSync(join(REPO_DIR, 'test', 'corpus', 'payloads', 'telnyx.inbound.json'), 'utf8');

describe('admin API: console workbench', () => {
  let store: Store;
  let service: RunningService;

  before(async () => {
    store = await sqliteBackend.open();
    service = await startService({ store });
  });
  after(async () => {
    await service.close();
    await store.close();
  });

  const post = (path: string, body: unknown) => api(service.baseUrl, 'POST', path, { body });

  describe('POST /api/templates/check', () => {
    it('compiles a template that rule files would load: ok, with its warnings', async () => {
      const checked = await post('/api/templates/check', { kind: 'inbound', template: telnyxTemplate });
      expect(checked.status).to.equal(200);
      expect(checked.body).to.include({ ok: true });
      expect(checked.body.problems).to.deep.equal([]);
      expect(checked.body.warnings).to.be.an('array');
    });

    it('lists every problem with its line and column in the text sent', async () => {
      const template = '{\n  "text": "{{inboundMessage}}",\n  "from": "{{profileNumbr}}"\n}';
      const checked = await post('/api/templates/check', { kind: 'inbound', template });
      expect(checked.status).to.equal(200);
      expect(checked.body.ok).to.equal(false);
      const problems = checked.body.problems as Array<{ message: string; line: number; column: number }>;
      expect(problems.length).to.be.greaterThan(0);
      const typo = problems.find((problem) => problem.message.includes('profileNumbr'));
      expect(typo, JSON.stringify(problems)).to.not.equal(undefined);
      expect([typo!.line, typo!.column]).to.deep.equal([3, 12]); // at the {{ of the placeholder
    });

    it('refuses a kind that is neither inbound nor feedback, and a template over 64 KiB', async () => {
      expect((await post('/api/templates/check', { kind: 'outbound', template: '{}' })).status).to.equal(422);
      const huge = await post('/api/templates/check', { kind: 'inbound', template: 'x'.repeat(65 * 1024) });
      expect(huge.status).to.equal(422);
      expect(JSON.stringify(huge.body.problems)).to.include('/template');
    });
  });

  describe('POST /api/templates/extract', () => {
    it('extracts the events as the webhook would store them, and stores nothing', async () => {
      const extracted = await post('/api/templates/extract', {
        kind: 'inbound',
        template: telnyxTemplate,
        payload: telnyxInbound,
      });
      expect(extracted.status, extracted.text).to.equal(200);
      expect(extracted.body.matched).to.equal(true);
      const [event] = extracted.body.events as Array<Record<string, unknown>>;
      expect(event).to.deep.include({
        inboundMessage: 'Hello, World!',
        profileNumber: '+18665550001',
        requestId: '7ee4241c-f127-47e5-9c34-3aac291f8058',
      });
      expect(event!.normalized).to.deep.include({ profileNumber: '+18665550001', inboundNumber: '+18445550001' });
      expect(await store.listEvents({ limit: 10 })).to.deep.equal([]);
    });

    it('names the first JSON path that does not fit', async () => {
      const payload = JSON.parse(telnyxInbound) as { data: { payload: { text?: unknown } } };
      payload.data.payload.text = 42;
      const extracted = await post('/api/templates/extract', {
        kind: 'inbound',
        template: telnyxTemplate,
        payload: JSON.stringify(payload),
      });
      expect(extracted.status).to.equal(200);
      expect(extracted.body.matched).to.equal(false);
      expect((extracted.body.mismatch as { path: string }).path).to.equal('$.data.payload.text');
    });

    it('answers a body that is not JSON, or not sent as JSON, as a mismatch at $', async () => {
      const notJson = await post('/api/templates/extract', { kind: 'inbound', template: telnyxTemplate, payload: '{' });
      expect(notJson.body).to.deep.include({ matched: false });
      expect((notJson.body.mismatch as { path: string; message: string }).message).to.match(/invalid JSON at line 1/);
      const form = await post('/api/templates/extract', {
        kind: 'inbound',
        template: telnyxTemplate,
        payload: telnyxInbound,
        contentType: 'application/x-www-form-urlencoded',
      });
      expect((form.body.mismatch as { message: string }).message).to.match(/would refuse Content-Type/);
    });

    it('answers 422 with the problems of a template that does not compile', async () => {
      const extracted = await post('/api/templates/extract', {
        kind: 'inbound',
        template: '{\n  "text": {{inboundMessage}\n}',
        payload: '{}',
      });
      expect(extracted.status).to.equal(422);
      const [problem] = extracted.body.problems as Array<{ path: string; line: number; column: number }>;
      expect(problem).to.deep.include({ path: '/template', line: 2 });
    });
  });

  describe('POST /api/classify', () => {
    it("classifies with a live webhook's rules as optline classify does, with the near-miss edit", async () => {
      const classified = await post('/api/classify', { text: 'stpo', webhookId: 'e2e-telnyx-in' });
      expect(classified.status, classified.text).to.equal(200);
      expect(classified.body).to.include({
        category: 'fuzzy-opt-out',
        reply: 'To stop messages from ACME, reply STOP.',
      });
      const explanation = classified.body.explanation as { nearMiss?: { edit: string }; rule: string };
      expect(explanation.nearMiss?.edit).to.equal('transposition');
      expect(classified.body.rule).to.equal(explanation.rule);
      expect(classified.body.explanationText).to.include('stpo');
      expect(await store.listEvents({ limit: 10 })).to.deep.equal([]);
    });

    it('classifies with a rule file sent along, as an object or as text, with the sender for replies', async () => {
      const ruleFile = sinchRuleFile('trial', {
        keywords: { custom: { keyword: 'Promo', reply: 'Code for {{profileNumber}}: SPRING.' } },
      });
      for (const sent of [ruleFile, JSON.stringify(ruleFile)]) {
        const classified = await post('/api/classify', { text: 'PROMO', ruleFile: sent, from: '+15550123' });
        expect(classified.status, classified.text).to.equal(200);
        expect(classified.body).to.include({ category: 'custom', reply: 'Code for +15550123: SPRING.' });
      }
      const stop = await post('/api/classify', { text: 'STOP', ruleFile });
      expect(stop.body).to.include({ category: 'opt-out', effect: 'opt-out' });
    });

    it('answers 404 for an unknown webhook, 422 for an invalid rule file or both sources', async () => {
      expect((await post('/api/classify', { text: 'STOP', webhookId: 'nothing' })).status).to.equal(404);
      const invalid = await post('/api/classify', { text: 'STOP', ruleFile: { id: 'x' } });
      expect(invalid.status).to.equal(422);
      expect((invalid.body.problems as unknown[]).length).to.be.greaterThan(0);
      const both = await post('/api/classify', {
        text: 'STOP',
        webhookId: 'e2e-telnyx-in',
        ruleFile: sinchRuleFile('x'),
      });
      expect(both.status).to.equal(422);
      expect(both.body.message).to.include('exactly one of webhookId and ruleFile');
      expect((await post('/api/classify', { text: 'STOP' })).status).to.equal(422);
      const feedback = await post('/api/classify', { text: 'STOP', webhookId: 'e2e-telnyx-dlr' });
      expect(feedback.status).to.equal(422);
    });
  });
});
