import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdminStore } from '../../src/admin/admin-store.ts';
import { ADMIN_SQLITE_FILE_NAME, openSqliteAdminStore } from '../../src/admin/sqlite-admin-store.ts';
import type { Store } from '../../src/store/store.ts';
import { api, expectDocumented } from '../support/admin-api.ts';
import { lockDatabaseExclusively } from '../support/sqlite-lock.ts';
import { sqliteBackend } from '../support/store-backends.ts';
import { startService, type RunningService } from '../support/service.ts';

describe('the admin API while its store is unavailable', function () {
  this.timeout(30_000);
  let store: Store;
  let service: RunningService;
  let adminDir: string;
  let adminStore: AdminStore;

  before(async () => {
    adminDir = mkdtempSync(join(tmpdir(), 'optline-admin-outage-'));
    store = await sqliteBackend.open();
    adminStore = await openSqliteAdminStore({ dir: adminDir });
    service = await startService({ store, adminStore });
  });
  after(async () => {
    await service.close();
    await adminStore.close();
    await store.close();
    rmSync(adminDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After, then takes the same request once the store is back', async () => {
    const request = () =>
      api(service.baseUrl, 'POST', '/api/credentials', {
        body: {
          name: 'outage-creds',
          vendor: 'sinch',
          baseUrl: 'http://127.0.0.1:9',
          accountId: 'plan',
          secret: 'token-token-token-token-1234',
        },
      });
    const unlock = lockDatabaseExclusively(adminDir, ADMIN_SQLITE_FILE_NAME);
    try {
      const refused = await request();
      expect(refused.status).to.equal(503);
      expect(refused.headers.get('retry-after')).to.match(/^\d+$/);
      expect(refused.body.error).to.equal('store_unavailable');
      expectDocumented('/api/credentials', 'post', refused);
    } finally {
      unlock();
    }
    expect((await request()).status).to.equal(201);
  });
});
