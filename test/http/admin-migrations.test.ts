import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Store } from '../../src/store/store.ts';
import { api } from '../support/admin-api.ts';
import * as callbacks from '../support/callbacks.ts';
import { BAD_ENTRIES, GOOD_ENTRIES, LEGACY_SECRETS, OLD_BEHAVIOUR, legacyExport } from '../support/legacy-export.ts';
import { optline } from '../support/optline-cli.ts';
import { sqliteBackend } from '../support/store-backends.ts';
import { postJson, startService, type RunningService } from '../support/service.ts';

interface EntryReport {
  path: string;
  id: string | null;
  status: string;
  webhooks: string[];
  differences: string[];
  problems: Array<{ path: string; message: string }>;
}

const SENDER_OF: Record<string, string> = {
  'acme-sinch-us': '+15550200100',
  'acme-conversations': '+15550201',
  'acme-infobip-inbound': '+15550202',
  'acme-custom-inbound': '12345',
};

/** An inbound callback as each migrated webhook's vendor (or, for Custom, its payload stub) sends it. */
function inboundCallback(webhook: string, requestId: string, text: string): unknown {
  const spec = { requestId, from: '+12025550777', to: SENDER_OF[webhook] ?? '', text, at: new Date() };
  if (webhook === 'acme-sinch-us') return callbacks.sinch.inbound(spec);
  if (webhook === 'acme-conversations') return callbacks.sinchConversational.inbound(spec);
  if (webhook === 'acme-infobip-inbound') return callbacks.infobip.inbound(spec);
  return {
    REPLACE_ME_inboundMessage: text,
    REPLACE_ME_profileNumber: spec.from,
    REPLACE_ME_requestId: requestId,
    REPLACE_ME_originTimestamp: spec.at.toISOString(),
    REPLACE_ME_inboundNumber: spec.to,
  };
}

describe('POST /api/migrations', () => {
  let store: Store;
  let service: RunningService;
  const migrate = (body: unknown, query = '') => api(service.baseUrl, 'POST', `/api/migrations${query}`, { body });
  const entries = (body: Record<string, unknown>) => body.entries as EntryReport[];

  before(async () => {
    store = await sqliteBackend.open();
    service = await startService({ store });
  });
  after(async () => {
    await service.close();
    await store.close();
  });

  it('a dry run reports what it would create and refuse, and creates nothing', async () => {
    const dry = await migrate(legacyExport(), '?dryRun=true');
    expect(dry.status, dry.text).to.equal(200);
    expect(dry.body).to.include({ dryRun: true, migrated: 5, refused: 6 });
    expect(entries(dry.body).map((entry) => entry.status)).to.deep.equal([
      ...Array<string>(4).fill('planned'),
      ...Array<string>(6).fill('refused'),
      'planned',
    ]);
    expect((await api(service.baseUrl, 'GET', '/api/credentials/acme-sinch-us')).status).to.equal(404);
    expect((await api(service.baseUrl, 'GET', '/api/webhooks/acme-sinch-us')).status).to.equal(404);
  });

  it('creates credentials, channels and webhooks (with revisions) that are active and classify the old keywords as before', async () => {
    const run = await migrate(legacyExport());
    expect(run.status, run.text).to.equal(200);
    expect(run.body).to.include({ dryRun: false, migrated: 5, refused: 6 });
    const report = entries(run.body);
    for (const [index, bad] of BAD_ENTRIES.entries()) {
      const entry = report[4 + index]!;
      expect(entry.status).to.equal('refused');
      const problem = entry.problems.find((candidate) => candidate.path === `/apiCredentials/${4 + index}${bad.path}`);
      expect(problem?.message, JSON.stringify(entry.problems)).to.match(bad.message);
    }
    expect(report[0]!.differences).to.include('Opt-In keywords add START to the webhook defaults');
    for (const secret of LEGACY_SECRETS) expect(run.text).not.to.include(secret);

    for (const id of report.flatMap((entry) => (entry.status === 'created' ? entry.webhooks : []))) {
      const webhook = await api(service.baseUrl, 'GET', `/api/webhooks/${id}`);
      expect(webhook.body, id).to.include({ source: 'api', revision: 1, active: true });
      expect(webhook.body.revisions).to.have.length(1);
    }
    const credentials = await api(service.baseUrl, 'GET', '/api/credentials/acme-conversations');
    expect(credentials.body).to.include({
      vendor: 'sinch-conversational',
      baseUrl: 'https://eu.conversation.api.sinch.com',
      accountId: 'acme-project',
      secretSet: true,
      source: 'api',
    });
    expect(credentials.text).not.to.include(LEGACY_SECRETS[1]);
    expect((await service.admin.credentials.resolve('acme-infobip'))?.secret).to.equal(LEGACY_SECRETS[2]);

    for (const [index, expected] of OLD_BEHAVIOUR.entries()) {
      const webhook = service.admin.directory.get(expected.webhook);
      expect(webhook, expected.webhook).not.to.equal(undefined);
      const requestId = `migrated-${index}`;
      const answer = await postJson(
        service.urlOf(expected.webhook),
        inboundCallback(expected.webhook, requestId, expected.text),
      );
      expect(answer.status, `${expected.webhook}: ${JSON.stringify(answer.body)}`).to.equal(200);
      const events = await store.listEvents({ webhookId: expected.webhook, limit: 100 });
      const event = events.find((candidate) => candidate.requestId === requestId);
      expect(event?.category, `${expected.text} on ${expected.webhook}`).to.equal(expected.category);
    }
  });

  it('changes nothing the second time, and refuses an entry whose objects exist with other settings', async () => {
    const again = await migrate(legacyExport());
    expect(again.status, again.text).to.equal(200);
    expect(entries(again.body).filter((entry) => entry.status === 'unchanged')).to.have.length(5);
    expect((await service.admin.webhooks.revisions('acme-sinch-us')).length).to.equal(1);

    const changed = legacyExport();
    changed.apiCredentials[2] = { ...(changed.apiCredentials[2] as object), apiKey: 'another-key' };
    const refused = await migrate(changed);
    const infobip = entries(refused.body)[2]!;
    expect(infobip.status).to.equal('refused');
    expect(infobip.problems[0]?.message).to.include('credentials "acme-infobip" already exist with other settings');
    expect((await service.admin.credentials.resolve('acme-infobip'))?.secret).to.equal(LEGACY_SECRETS[2]);
  });

  it('refuses an entry without its secret (the store needs one), and a body that is not an export', async () => {
    const withoutToken = {
      ...GOOD_ENTRIES[0],
      apiToken: '',
      name: 'No token',
      inboundNumber: '+15550299',
    };
    const run = await migrate({ apiCredentials: [withoutToken] });
    expect(entries(run.body)[0]!.status).to.equal('refused');
    expect(entries(run.body)[0]!.problems).to.deep.include({
      path: '/apiCredentials/0/apiToken',
      message: 'the Sinch API token is required',
    });
    const invalid = await migrate({ credentials: [] });
    expect(invalid.status).to.equal(422);
    expect((await migrate({ apiCredentials: [] }, '?dryRun=maybe')).status).to.equal(422);
  });

  it('what it creates matches what optline migrate writes, which passes optline check', async () => {
    const work = mkdtempSync(join(tmpdir(), 'optline-migrations-'));
    try {
      writeFileSync(join(work, 'export.json'), JSON.stringify(legacyExport()));
      await optline(['migrate', '--from', join(work, 'export.json'), '--out', join(work, 'rules')]);
      const check = await optline(['check', join(work, 'rules')]);
      expect(check.status, check.stdout).to.equal(0);
      for (const id of ['acme-sinch-us', 'acme-conversations', 'acme-infobip-inbound', 'acme-custom-feedback']) {
        const latest = (await service.admin.webhooks.revisions(id)).at(-1);
        expect(latest?.content, id).to.equal(readFileSync(join(work, 'rules', `${id}.webhook.json`), 'utf8'));
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
