// Chooses the storage adapter from the configuration: MongoDB when MONGODB_URI is set, else the embedded store.
// Each adapter is imported only when chosen: the MongoDB driver alone adds ~0.35 s and ~18 MB to a start that
// does not use it, and better-sqlite3's native module is not needed when MongoDB serves.
import type { Config } from '../config.ts';
import type { Store } from './store.ts';

export interface StoreHooks {
  /** The embedded store's commit group sizes (a metric). */
  groupCommitted?: (size: number) => void;
  /** MongoDB: a client whose server monitor had stopped was replaced (replaceable-client.ts). */
  clientReplaced?: () => void;
}

export async function openStore(
  config: Pick<Config, 'mongodbUri' | 'dataDir' | 'synchronous'>,
  { groupCommitted, clientReplaced }: StoreHooks = {},
): Promise<Store> {
  if (config.mongodbUri) {
    const { openMongoStore } = await import('./mongo/mongo-store.ts');
    return openMongoStore({ uri: config.mongodbUri, ...(clientReplaced ? { clientReplaced } : {}) });
  }
  const { openSqliteStore } = await import('./sqlite/sqlite-store.ts');
  return openSqliteStore({
    dir: config.dataDir,
    synchronous: config.synchronous,
    ...(groupCommitted ? { groupCommitted } : {}),
  });
}
