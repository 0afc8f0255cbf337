import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ADMIN_SQLITE_FILE_NAME, openSqliteAdminStore } from '../../src/admin/sqlite-admin-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { adminStoreContract } from './admin-store-contract.ts';

adminStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'optline-admin-store-'));
  return {
    open: () => openSqliteAdminStore({ dir }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SQLite admin store', () => {
  it('keeps its own file beside the event store, in WAL mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'optline-admin-file-'));
    const events = await openSqliteStore({ dir });
    const admin = await openSqliteAdminStore({ dir });
    await admin.saveChannel(
      {
        name: 'us',
        credentials: 'acme',
        senderNumbers: ['+15550100'],
        updatedAt: '2024-05-01T10:00:00.000Z',
        updatedBy: 'alice',
      },
      'create',
    );
    expect(existsSync(join(dir, ADMIN_SQLITE_FILE_NAME))).to.equal(true);
    expect(existsSync(join(dir, `${ADMIN_SQLITE_FILE_NAME}-wal`))).to.equal(true);
    await admin.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
