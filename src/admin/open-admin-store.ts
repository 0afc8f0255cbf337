// Chooses the admin store's backend as the event store is chosen: MongoDB when MONGODB_URI is set.
import type { Config } from '../config.ts';
import type { AdminStore } from './admin-store.ts';
import { openMongoAdminStore } from './mongo-admin-store.ts';
import { openSqliteAdminStore } from './sqlite-admin-store.ts';

export function openAdminStore(config: Pick<Config, 'mongodbUri' | 'dataDir'>): Promise<AdminStore> {
  return config.mongodbUri ? openMongoAdminStore({ uri: config.mongodbUri }) : openSqliteAdminStore({ dir: config.dataDir });
}
