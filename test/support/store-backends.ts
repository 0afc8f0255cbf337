// The store backends every end-to-end suite runs on: the embedded store always, MongoDB when MONGODB_URI is set.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { openMongoStore } from '../../src/store/mongo/mongo-store.ts';
import type { Store } from '../../src/store/store.ts';

export interface Backend {
  name: string;
  open(): Promise<Store>;
}

export const sqliteBackend: Backend = {
  name: 'embedded store (SQLite)',
  open: () => openSqliteStore({ dir: mkdtempSync(join(tmpdir(), 'optline-e2e-')) }),
};

export function backends(): Backend[] {
  const uri = process.env.MONGODB_URI;
  if (!uri) return [sqliteBackend];
  return [
    sqliteBackend,
    { name: 'MongoDB', open: () => openMongoStore({ uri, dbName: `optline_e2e_${randomUUID().slice(0, 8)}` }) },
  ];
}
