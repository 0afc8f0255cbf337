// The admin store contract against a real MongoDB-wire server when MONGODB_URI is set.
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { openMongoAdminStore } from '../../src/admin/mongo-admin-store.ts';
import { adminStoreContract } from './admin-store-contract.ts';

const uri = process.env.MONGODB_URI?.trim();
const run = `optline_admin_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
let harnesses = 0;

if (uri) {
  adminStoreContract('MongoDB', async () => {
    const dbName = `${run}_${++harnesses}`;
    return {
      open: () => openMongoAdminStore({ uri, dbName, serverSelectionTimeoutMS: 2000 }),
      dispose: async () => {
        const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
        try {
          await client.db(dbName).dropDatabase();
        } finally {
          await client.close();
        }
      },
    };
  });
}
