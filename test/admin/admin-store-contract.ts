// The one behavioural suite every AdminStore adapter must pass, run against real backends (never a mock).
import { expect } from 'chai';
import type {
  AdminSession,
  AdminStore,
  StoredChannel,
  StoredCredentials,
  WebhookRevision,
} from '../../src/admin/admin-store.ts';

export interface AdminStoreHarness {
  /** Every call opens the same data (reopen tests). */
  open(): Promise<AdminStore>;
  dispose(): Promise<void>;
}

const credentials = (name: string, accountId = 'plan-1'): StoredCredentials => ({
  name,
  vendor: 'sinch',
  baseUrl: 'https://us.sms.api.sinch.com',
  accountId,
  sealedSecret: 'optline:v1:00000000:iv:ct:tag',
  options: { region: 'us' },
  updatedAt: '2024-05-01T10:00:00.000Z',
  updatedBy: 'alice',
});

const channel = (name: string, senderNumbers = ['+15550100']): StoredChannel => ({
  name,
  credentials: 'acme',
  senderNumbers,
  updatedAt: '2024-05-01T10:00:00.000Z',
  updatedBy: 'alice',
});

const revision = (webhookId: string, number: number, content: string | null): WebhookRevision => ({
  webhookId,
  revision: number,
  at: `2024-05-0${number}T10:00:00.000Z`,
  author: number % 2 ? 'alice' : 'bob',
  diff: [{ op: 'replace', path: '/version', value: `1.0.${number}` }],
  content,
});

const session = (idHash: string, expiresAt: string): AdminSession => ({
  idHash,
  label: 'alice',
  csrfToken: `csrf-${idHash}`,
  createdAt: '2024-05-01T10:00:00.000Z',
  expiresAt,
});

export function adminStoreContract(name: string, harness: () => Promise<AdminStoreHarness>): void {
  describe(`admin store contract: ${name}`, () => {
    let h: AdminStoreHarness;
    let store: AdminStore;

    beforeEach(async () => {
      h = await harness();
      store = await h.open();
    });
    afterEach(async () => {
      await store.close();
      await h.dispose();
    });

    it('creates credentials once: a second create of the name is refused and changes nothing', async () => {
      expect(await store.saveCredentials(credentials('acme'), 'create')).to.equal(true);
      expect(await store.saveCredentials(credentials('acme', 'other-plan'), 'create')).to.equal(false);
      expect(await store.credentials('acme')).to.deep.equal(credentials('acme'));
    });

    it('updates only credentials that exist, and deletes them', async () => {
      expect(await store.saveCredentials(credentials('ghost'), 'update')).to.equal(false);
      expect(await store.credentials('ghost')).to.equal(null);
      await store.saveCredentials(credentials('acme'), 'create');
      expect(await store.saveCredentials(credentials('acme', 'plan-2'), 'update')).to.equal(true);
      expect((await store.credentials('acme'))?.accountId).to.equal('plan-2');
      expect(await store.deleteCredentials('acme')).to.equal(true);
      expect(await store.deleteCredentials('acme')).to.equal(false);
      expect(await store.listCredentials()).to.deep.equal([]);
    });

    it('lists credentials and channels by name', async () => {
      for (const name of ['zeta', 'alpha', 'mid']) {
        await store.saveCredentials(credentials(name), 'create');
        await store.saveChannel(channel(name), 'create');
      }
      expect((await store.listCredentials()).map((record) => record.name)).to.deep.equal(['alpha', 'mid', 'zeta']);
      expect((await store.listChannels()).map((record) => record.name)).to.deep.equal(['alpha', 'mid', 'zeta']);
    });

    it('keeps channel configurations with their sender numbers: create once, update, delete', async () => {
      expect(await store.saveChannel(channel('us'), 'create')).to.equal(true);
      expect(await store.saveChannel(channel('us', ['+15550199']), 'create')).to.equal(false);
      expect(await store.saveChannel(channel('us', ['+15550100', '12345']), 'update')).to.equal(true);
      expect(await store.channel('us')).to.deep.equal(channel('us', ['+15550100', '12345']));
      expect(await store.saveChannel(channel('eu'), 'update')).to.equal(false);
      expect(await store.deleteChannel('us')).to.equal(true);
      expect(await store.channel('us')).to.equal(null);
    });

    it('appends webhook revisions once per number and returns them oldest first', async () => {
      expect(await store.appendWebhookRevision(revision('acme', 1, '{"v":1}'))).to.equal(true);
      expect(await store.appendWebhookRevision(revision('acme', 2, '{"v":2}'))).to.equal(true);
      expect(await store.appendWebhookRevision(revision('acme', 2, '{"v":"concurrent"}'))).to.equal(false);
      expect(await store.webhookRevisions('acme')).to.deep.equal([
        revision('acme', 1, '{"v":1}'),
        revision('acme', 2, '{"v":2}'),
      ]);
      expect(await store.webhookRevisions('other')).to.deep.equal([]);
    });

    it('gives the latest revision of every webhook, deletions included', async () => {
      await store.appendWebhookRevision(revision('b-hook', 1, '{"v":1}'));
      await store.appendWebhookRevision(revision('a-hook', 1, '{"v":1}'));
      await store.appendWebhookRevision(revision('a-hook', 2, '{"v":2}'));
      await store.appendWebhookRevision(revision('a-hook', 3, '{"v":3}'));
      await store.appendWebhookRevision(revision('b-hook', 2, null));
      const latest = await store.latestWebhookRevisions();
      expect(latest.map((entry) => [entry.webhookId, entry.revision, entry.content])).to.deep.equal([
        ['a-hook', 3, '{"v":3}'],
        ['b-hook', 2, null],
      ]);
    });

    it('keeps everything across a reopen', async () => {
      await store.saveCredentials(credentials('acme'), 'create');
      await store.saveChannel(channel('us'), 'create');
      await store.appendWebhookRevision(revision('acme', 1, '{"v":1}'));
      await store.close();
      store = await h.open();
      expect(await store.credentials('acme')).to.deep.equal(credentials('acme'));
      expect(await store.channel('us')).to.deep.equal(channel('us'));
      expect(await store.webhookRevisions('acme')).to.have.length(1);
    });

    it('keeps console sessions by id hash, deletes them, and purges the expired ones', async () => {
      await store.saveSession(session('a1', '2024-05-01T18:00:00.000Z'));
      await store.saveSession(session('b2', '2024-05-01T19:00:00.000Z'));
      await store.saveSession(session('c3', '2024-05-01T20:00:00.000Z'));
      expect(await store.session('a1')).to.deep.equal(session('a1', '2024-05-01T18:00:00.000Z'));
      expect(await store.session('zz')).to.equal(null);
      expect(await store.deleteSession('c3')).to.equal(true);
      expect(await store.deleteSession('c3')).to.equal(false);
      expect(await store.purgeExpiredSessions('2024-05-01T18:00:00.000Z')).to.equal(1);
      expect(await store.session('a1')).to.equal(null);
      expect(await store.session('b2')).to.deep.equal(session('b2', '2024-05-01T19:00:00.000Z'));
      await store.close();
      store = await h.open();
      expect(await store.session('b2')).to.deep.equal(session('b2', '2024-05-01T19:00:00.000Z'));
    });
  });
}
