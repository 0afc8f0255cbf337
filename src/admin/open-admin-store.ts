// Chooses the admin store's backend as the event store is chosen: MongoDB when MONGODB_URI is set. Each backend
// is imported only when chosen, as in src/store/open-store.ts.
import type { Config } from '../config.ts';
import type { AdminStore } from './admin-store.ts';

export async function openAdminStore(
  config: Pick<Config, 'mongodbUri' | 'dataDir'>,
  /** MongoDB: a client whose server monitor had stopped was replaced (replaceable-client.ts). */
  clientReplaced?: () => void,
): Promise<AdminStore> {
  if (config.mongodbUri) {
    const { openMongoAdminStore } = await import('./mongo-admin-store.ts');
    return openMongoAdminStore({ uri: config.mongodbUri, ...(clientReplaced ? { clientReplaced } : {}) });
  }
  const { openSqliteAdminStore } = await import('./sqlite-admin-store.ts');
  return openSqliteAdminStore({ dir: config.dataDir });
}
