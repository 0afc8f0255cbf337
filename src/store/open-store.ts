// Chooses the storage adapter from the configuration: MongoDB when MONGODB_URI is set, else the embedded store.
import type { Config } from '../config.ts';
import { openMongoStore } from './mongo/mongo-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

export function openStore(config: Pick<Config, 'mongodbUri' | 'dataDir' | 'synchronous'>): Promise<Store> {
  return config.mongodbUri
    ? openMongoStore({ uri: config.mongodbUri })
    : openSqliteStore({ dir: config.dataDir, synchronous: config.synchronous });
}
