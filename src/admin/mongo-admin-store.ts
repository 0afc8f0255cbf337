// The admin store on MongoDB: its own collections (admin_credentials, admin_channels, admin_webhook_revisions,
// admin_sessions).
// Uniqueness comes from _id, so create-if-absent and append-a-revision are single writes with no transaction.
import { MongoClient, MongoServerError, type Collection } from 'mongodb';
import type { AdminSession, AdminStore, StoredChannel, StoredCredentials, WebhookRevision } from './admin-store.ts';
import { guardUnavailable } from './guard-unavailable.ts';
import { mapMongoError } from '../store/mongo/mongo-errors.ts';

type Keyed<T> = T & { _id: string };

export interface MongoAdminStoreOptions {
  uri: string;
  /** Default: the database named in the URI, else "optline". */
  dbName?: string;
  serverSelectionTimeoutMS?: number;
}

export async function openMongoAdminStore(options: MongoAdminStoreOptions): Promise<AdminStore> {
  const timeout = options.serverSelectionTimeoutMS ?? 5000;
  const client = new MongoClient(options.uri, {
    serverSelectionTimeoutMS: timeout,
    connectTimeoutMS: timeout,
    appName: 'optline-admin',
  });
  await client.connect();
  const db = client.db(options.dbName);
  const credentials = db.collection<Keyed<StoredCredentials>>('admin_credentials');
  const channels = db.collection<Keyed<StoredChannel>>('admin_channels');
  const revisions = db.collection<Keyed<WebhookRevision>>('admin_webhook_revisions');
  await revisions.createIndex({ webhookId: 1, revision: 1 });
  const sessions = db.collection<Keyed<AdminSession>>('admin_sessions');
  await sessions.createIndex({ expiresAt: 1 });

  const store: AdminStore = {
    listCredentials: async () => (await credentials.find().sort({ _id: 1 }).toArray()).map(withoutId),
    credentials: async (name) => nullable(await credentials.findOne({ _id: name })),
    saveCredentials: (record, mode) => save(credentials, record.name, record, mode),
    deleteCredentials: async (name) => (await credentials.deleteOne({ _id: name })).deletedCount === 1,
    listChannels: async () => (await channels.find().sort({ _id: 1 }).toArray()).map(withoutId),
    channel: async (name) => nullable(await channels.findOne({ _id: name })),
    saveChannel: (record, mode) => save(channels, record.name, record, mode),
    deleteChannel: async (name) => (await channels.deleteOne({ _id: name })).deletedCount === 1,
    appendWebhookRevision: (revision) =>
      insertOnce(revisions, { _id: `${revision.webhookId}#${revision.revision}`, ...revision }),
    webhookRevisions: async (webhookId) =>
      (await revisions.find({ webhookId }).sort({ revision: 1 }).toArray()).map(withoutId),
    latestWebhookRevisions: async () => {
      const latest = new Map<string, WebhookRevision>();
      for (const document of await revisions.find().sort({ webhookId: 1, revision: 1 }).toArray()) {
        latest.set(document.webhookId, withoutId(document));
      }
      return [...latest.values()];
    },
    close: () => client.close(),
    saveSession: async (session) => {
      await sessions.insertOne({ _id: session.idHash, ...session });
    },
    session: async (idHash) => nullable(await sessions.findOne({ _id: idHash })),
    deleteSession: async (idHash) => (await sessions.deleteOne({ _id: idHash })).deletedCount === 1,
    purgeExpiredSessions: async (now) => (await sessions.deleteMany({ expiresAt: { $lte: now } })).deletedCount,
  };
  return guardUnavailable(store, mapMongoError);
}

async function save<T extends object>(
  collection: Collection<Keyed<T>>,
  name: string,
  record: T,
  mode: 'create' | 'update',
): Promise<boolean> {
  const document = { _id: name, ...record } as Keyed<T>;
  if (mode === 'create') return insertOnce(collection, document);
  // A replacement keyed by _id: the filter type of a generic collection needs this one cast.
  const result = await collection.replaceOne({ _id: name } as Parameters<typeof collection.replaceOne>[0], document);
  return result.matchedCount === 1;
}

async function insertOnce<T extends object>(collection: Collection<Keyed<T>>, document: Keyed<T>): Promise<boolean> {
  try {
    await collection.insertOne(document as Parameters<typeof collection.insertOne>[0]);
    return true;
  } catch (error) {
    if (error instanceof MongoServerError && error.code === 11000) return false;
    throw error;
  }
}

function withoutId<T>(document: Keyed<T>): T {
  const { _id: _ignored, ...rest } = document;
  return rest as T;
}

function nullable<T>(document: Keyed<T> | null): T | null {
  return document ? withoutId(document) : null;
}
