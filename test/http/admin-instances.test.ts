import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { AdminStore } from '../../src/admin/admin-store.ts';
import { openSqliteAdminStore } from '../../src/admin/sqlite-admin-store.ts';
import type { Store } from '../../src/store/store.ts';
import { api, sinchRuleFile } from '../support/admin-api.ts';
import * as callbacks from '../support/callbacks.ts';
import { sqliteBackend } from '../support/store-backends.ts';
import { postJson, startService, type RunningService } from '../support/service.ts';

describe('two instances sharing one admin store', () => {
  let store: Store;
  let adminStores: AdminStore[];
  let first: RunningService;
  let second: RunningService;

  before(async () => {
    store = await sqliteBackend.open();
    const dir = mkdtempSync(join(tmpdir(), 'optline-admin-shared-'));
    adminStores = [await openSqliteAdminStore({ dir }), await openSqliteAdminStore({ dir })];
    first = await startService({ store, adminStore: adminStores[0]! });
    second = await startService({ store, adminStore: adminStores[1]! });
  });
  after(async () => {
    await first.close();
    await second.close();
    for (const adminStore of adminStores) await adminStore.close();
    await store.close();
  });

  it('the other instance takes up a created, updated and deleted webhook when it syncs', async () => {
    const created = await api(first.baseUrl, 'POST', '/api/webhooks', { body: sinchRuleFile('shared-hook') });
    expect(created.status).to.equal(201);
    const path = new URL(String(created.body.url)).pathname;
    const body = (requestId: string) =>
      callbacks.sinch.inbound({ requestId, from: '+12025550901', to: '+15550100', text: 'PROMO', at: new Date() });
    expect((await postJson(`${second.baseUrl}${path}`, body('s-1'))).status).to.equal(404);
    await second.admin.sync();
    expect((await postJson(`${second.baseUrl}${path}`, body('s-2'))).status).to.equal(200);

    await api(first.baseUrl, 'PUT', '/api/webhooks/shared-hook', {
      body: sinchRuleFile('shared-hook', { version: '2.0.0' }),
    });
    await second.admin.sync();
    expect((await api(second.baseUrl, 'GET', '/api/webhooks/shared-hook')).body).to.include({
      revision: 2,
      version: '2.0.0',
    });

    await api(first.baseUrl, 'DELETE', '/api/webhooks/shared-hook');
    await second.admin.sync();
    expect((await postJson(`${second.baseUrl}${path}`, body('s-3'))).status).to.equal(404);
  });
});
