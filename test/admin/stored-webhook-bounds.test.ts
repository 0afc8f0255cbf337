// Issue 15, finding 3: a webhook stored before the bounds existed (1,500 opt-out keywords of 160 letters) must
// not crash the service at restart nor at its first callback: it is refused at load, with a warning naming it.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteAdminStore } from '../../src/admin/sqlite-admin-store.ts';
import type { Store } from '../../src/store/store.ts';
import { sinchRuleFile } from '../support/admin-api.ts';
import { sqliteBackend } from '../support/store-backends.ts';
import { startService } from '../support/service.ts';
import { randomWords } from '../support/random-words.ts';

describe('restart with an oversized webhook in the admin store', () => {
  it('starts, leaves that webhook out with a warning naming it, and serves the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'optline-admin-'));
    const adminStore = await openSqliteAdminStore({ dir });
    const store: Store = await sqliteBackend.open();
    const content = JSON.stringify(
      sinchRuleFile('huge-vocabulary', { keywords: { optOut: { keywords: randomWords(1500, 160) } } }),
    );
    await adminStore.appendWebhookRevision({
      webhookId: 'huge-vocabulary',
      revision: 1,
      at: new Date(0).toISOString(),
      author: 'before-the-bounds',
      diff: [],
      content,
    });
    const service = await startService({ store, adminStore });
    try {
      expect(service.admin.directory.get('huge-vocabulary')).to.equal(undefined);
      expect(service.admin.warnings.join('\n')).to.match(
        /webhook huge-vocabulary revision 1 from the API could not be loaded: .*more than 1000 entries/,
      );
      const health = await fetch(`${service.baseUrl}/healthz`);
      expect(health.status).to.be.below(500);
      expect(service.admin.directory.get('e2e-sinch')).not.to.equal(undefined);
    } finally {
      await service.close();
      await adminStore.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
