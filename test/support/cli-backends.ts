// Store backends whose data the `optline` command line can open too: the store, and the environment
// (OPTLINE_DATA or MONGODB_URI) that points a command at the same data.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMongoStore } from '../../src/store/mongo/mongo-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';

export interface CliBackend {
  store: Store;
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export function cliBackends(): Array<{ name: string; open(): Promise<CliBackend> }> {
  const sqlite = {
    name: 'embedded store (SQLite)',
    async open(): Promise<CliBackend> {
      const dir = mkdtempSync(join(tmpdir(), 'optline-cli-'));
      const store = await openSqliteStore({ dir });
      return {
        store,
        env: { OPTLINE_DATA: dir, MONGODB_URI: '' },
        async close() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
  const uri = process.env.MONGODB_URI;
  if (!uri) return [sqlite];
  const mongo = {
    name: 'MongoDB',
    async open(): Promise<CliBackend> {
      const dbName = `optline_cli_${randomUUID().slice(0, 8)}`;
      const store = await openMongoStore({ uri, dbName });
      const url = new URL(uri);
      url.pathname = `/${dbName}`;
      return { store, env: { MONGODB_URI: url.toString() }, close: () => store.close() };
    },
  };
  return [sqlite, mongo];
}
