// Proposed rules replayed on stored traffic, through the API and `optline simulate`, on every store backend:
// the counts per transition, the consent effects that would differ, masked examples, and nothing written.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/store/store.ts';
import { api } from '../support/admin-api.ts';
import * as callbacks from '../support/callbacks.ts';
import { cliBackends, type CliBackend } from '../support/cli-backends.ts';
import { optline } from '../support/optline-cli.ts';
import { FIXTURE_RULES_DIR, postJson, startService, type RunningService } from '../support/service.ts';

const WEBHOOK = 'e2e-sinch';
const current = JSON.parse(readFileSync(join(FIXTURE_RULES_DIR, `${WEBHOOK}.webhook.json`), 'utf8')) as {
  keywords: { optOut: { keywords: string[]; fuzzy: Record<string, unknown> } };
};
/** Proposed: "Halt" becomes an opt-out keyword and the fuzzy opt-out tier is turned off. */
const proposed = {
  ...current,
  keywords: {
    ...current.keywords,
    optOut: {
      ...current.keywords.optOut,
      keywords: [...current.keywords.optOut.keywords, 'Halt'],
      fuzzy: { ...current.keywords.optOut.fuzzy, enabled: false },
    },
  },
};

const TRAFFIC: Array<[string, string]> = [
  ['STOP', '+12025551001'],
  ['stpo', '+12025551002'],
  ['stpo', '+12025551003'],
  ['halt', '+12025551004'],
  ['hello there', '+12025551005'],
  ['YES', '+12025551006'],
];

interface Transition {
  from: string;
  to: string;
  count: number;
  examples: Array<{ requestId: string; text: string; rule: string }>;
}

for (const backend of cliBackends()) {
  describe(`rule simulation on stored traffic, on the ${backend.name}`, function () {
    this.timeout(20_000);
    let opened: CliBackend;
    let store: Store;
    let service: RunningService;
    let dir: string;

    /** What a simulation must leave as it found: every row the store shows. */
    const snapshot = async () => ({
      events: await store.listEvents({ limit: 1000 }),
      outbox: await store.outbox({ limit: 1000 }),
      consents: await store.exportConsents({}),
      reviews: await store.listReviews({ limit: 1000 }),
    });

    before(async () => {
      opened = await backend.open();
      store = opened.store;
      service = await startService({ store });
      dir = mkdtempSync(join(tmpdir(), 'optline-simulate-'));
      writeFileSync(join(dir, 'proposed.webhook.json'), JSON.stringify(proposed, null, 2));
      writeFileSync(join(dir, 'broken.webhook.json'), '{\n  "id": "e2e-sinch",\n  "version": 2\n}\n');
      for (const [index, [text, from]] of TRAFFIC.entries()) {
        const body = callbacks.sinch.inbound({
          requestId: `sim-${index}`,
          from,
          to: '+15550100',
          text,
          at: new Date(Date.UTC(2024, 4, 1, 10, index)),
        });
        expect((await postJson(service.urlOf(WEBHOOK), body)).status).to.equal(200);
      }
    });
    after(async () => {
      await service.close();
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const simulate = (query = '', body: unknown = proposed) =>
      api(service.baseUrl, 'POST', `/api/webhooks/${WEBHOOK}/simulate${query}`, { body });

    it('reports the count per transition and the consent effects that would differ, and writes nothing', async () => {
      const before = await snapshot();
      const answer = await simulate();
      expect(answer.status, answer.text).to.equal(200);
      expect(answer.body).to.include({ webhookId: WEBHOOK, events: 6, changed: 3 });
      const transitions = answer.body.transitions as Transition[];
      const counts = Object.fromEntries(transitions.map((each) => [`${each.from} -> ${each.to}`, each.count]));
      expect(counts).to.deep.equal({
        'fuzzy-opt-out -> default': 2,
        'default -> opt-out': 1,
        'opt-out -> opt-out': 1,
        'default -> default': 1,
        'opt-in -> opt-in': 1,
      });
      const effects = answer.body.consentEffects as Transition[];
      expect(effects.map(({ from, to, count }) => ({ from, to, count }))).to.deep.equal([
        { from: 'none', to: 'opt-out', count: 1 },
      ]);
      expect(effects[0]?.examples.map((example) => example.requestId)).to.deep.equal(['sim-3']);
      expect(await snapshot()).to.deep.equal(before);
    });

    it('masks the example texts unless asked to show them', async () => {
      const masked = await simulate();
      const examples = (masked.body.transitions as Transition[]).flatMap((each) => each.examples);
      expect(examples.length).to.equal(6);
      for (const example of examples) expect(example.text).to.match(/^••• \d+ chars, \w+…\w+$/);
      expect(masked.text).to.not.match(/stpo|hello there|halt/i);
      const shown = await simulate('?showText=true');
      const texts = (shown.body.transitions as Transition[]).flatMap((each) => each.examples.map((e) => e.text));
      expect(texts).to.include.members(['stpo', 'halt', 'hello there']);
    });

    it('refuses an invalid rule file with 422 and its line and column, an unknown webhook with 404', async () => {
      const invalid = await simulate('', '{\n  "id": "e2e-sinch",\n  "version": 2\n}\n');
      expect(invalid.status).to.equal(422);
      const problems = invalid.body.problems as Array<{ path: string; line?: number; column?: number }>;
      expect(problems.find((problem) => problem.path === '/version')).to.deep.include({ line: 3, column: 14 });
      const missing = await api(service.baseUrl, 'POST', '/api/webhooks/nothing/simulate', { body: proposed });
      expect(missing.status).to.equal(404);
    });

    it('`optline simulate --json` prints the same report from the configured store, and limits the events', async () => {
      const before = await snapshot();
      const run = await optline(
        ['simulate', '--webhook', WEBHOOK, '--rules', join(dir, 'proposed.webhook.json'), '--json'],
        '',
        opened.env,
      );
      expect(run.status, run.stderr).to.equal(0);
      const report = JSON.parse(run.stdout) as { events: number; changed: number; transitions: Transition[] };
      expect(report).to.include({ events: 6, changed: 3 });
      expect(run.stdout).to.not.match(/stpo|hello there/);
      const limited = await optline(
        ['simulate', '--webhook', WEBHOOK, '--rules', join(dir, 'proposed.webhook.json'), '--json', '--limit', '2'],
        '',
        opened.env,
      );
      expect(JSON.parse(limited.stdout)).to.include({ events: 2 });
      const human = await optline(
        ['simulate', '--webhook', WEBHOOK, '--rules', join(dir, 'proposed.webhook.json'), '--show-text'],
        '',
        opened.env,
      );
      expect(human.stdout).to.match(/6 stored text\(s\) replayed, 3 would change category/);
      expect(human.stdout).to.include('fuzzy-opt-out -> default: 2');
      expect(human.stdout).to.include('stpo');
      expect(await snapshot()).to.deep.equal(before);
    });

    it('`optline simulate` exits 2 on an invalid rule file, naming file:line:column', async () => {
      const broken = join(dir, 'broken.webhook.json');
      const run = await optline(['simulate', '--webhook', WEBHOOK, '--rules', broken], '', opened.env);
      expect(run.status).to.equal(2);
      expect(run.stderr).to.include(`${broken}:3:`);
      expect(
        (await optline(['simulate', '--webhook', WEBHOOK, '--rules', join(dir, 'none.json')], '', opened.env)).status,
      ).to.equal(2);
    });
  });
}
