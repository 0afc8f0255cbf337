// The admin store on MongoDB: its own collections (admin_credentials, admin_channels, admin_webhook_revisions,
// admin_sessions).
// Uniqueness comes from _id, so create-if-absent and append-a-revision are single writes with no transaction.
import { MongoServerError, type Collection, type MongoClient } from 'mongodb';
import type { AdminSession, AdminStore, StoredChannel, StoredCredentials, WebhookRevision } from './admin-store.ts';
import { guardUnavailable } from './guard-unavailable.ts';
import { connectedClient } from '../store/mongo/connected-client.ts';
import { mapMongoError } from '../store/mongo/mongo-errors.ts';
import { ReplaceableClient } from '../store/mongo/replaceable-client.ts';

type Keyed<T> = T & { _id: string };

export interface MongoAdminStoreOptions {
  uri: string;
  /** Default: the database named in the URI, else "optline". */
  dbName?: string;
  serverSelectionTimeoutMS?: number;
  /** Told when a stuck client was replaced (replaceable-client.ts). */
  clientReplaced?: () => void;
}

interface AdminCollections {
  credentials: Collection<Keyed<StoredCredentials>>;
  channels: Collection<Keyed<StoredChannel>>;
  revisions: Collection<Keyed<WebhookRevision>>;
  sessions: Collection<Keyed<AdminSession>>;
}

export async function openMongoAdminStore(options: MongoAdminStoreOptions): Promise<AdminStore> {
  const timeout = options.serverSelectionTimeoutMS ?? 5000;
  const connect = () => connectedClient(options.uri, timeout, 'optline-admin');
  const viewOf = (client: MongoClient): AdminCollections => {
    const db = client.db(options.dbName);
    return {
      credentials: db.collection('admin_credentials'),
      channels: db.collection('admin_channels'),
      revisions: db.collection('admin_webhook_revisions'),
      sessions: db.collection('admin_sessions'),
    };
  };
  const client = await connect();
  const connection = new ReplaceableClient(
    client,
    connect,
    viewOf,
    options.clientReplaced ? { replaced: options.clientReplaced } : {},
  );
  try {
    await connection.view.revisions.createIndex({ webhookId: 1, revision: 1 });
    await connection.view.sessions.createIndex({ expiresAt: 1 });
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw mapMongoError(error);
  }
  // Read on each call: the client behind the collections may have been replaced.
  const c = (): AdminCollections => connection.view;

  const store: AdminStore = {
    listCredentials: async () => (await c().credentials.find().sort({ _id: 1 }).toArray()).map(withoutId),
    credentials: async (name) => nullable(await c().credentials.findOne({ _id: name })),
    saveCredentials: (record, mode) => save(c().credentials, record.name, record, mode),
    deleteCredentials: async (name) => (await c().credentials.deleteOne({ _id: name })).deletedCount === 1,
    listChannels: async () => (await c().channels.find().sort({ _id: 1 }).toArray()).map(withoutId),
    channel: async (name) => nullable(await c().channels.findOne({ _id: name })),
    saveChannel: (record, mode) => save(c().channels, record.name, record, mode),
    deleteChannel: async (name) => (await c().channels.deleteOne({ _id: name })).deletedCount === 1,
    appendWebhookRevision: (revision) =>
      insertOnce(c().revisions, { _id: `${revision.webhookId}#${revision.revision}`, ...revision }),
    webhookRevisions: async (webhookId) =>
      (await c().revisions.find({ webhookId }).sort({ revision: 1 }).toArray()).map(withoutId),
    latestWebhookRevisions: async () => {
      const latest = new Map<string, WebhookRevision>();
      for (const document of await c().revisions.find().sort({ webhookId: 1, revision: 1 }).toArray()) {
        latest.set(document.webhookId, withoutId(document));
      }
      return [...latest.values()];
    },
    close: () => connection.close(),
    saveSession: async (session) => {
      await c().sessions.insertOne({ _id: session.idHash, ...session });
    },
    session: async (idHash) => nullable(await c().sessions.findOne({ _id: idHash })),
    deleteSession: async (idHash) => (await c().sessions.deleteOne({ _id: idHash })).deletedCount === 1,
    purgeExpiredSessions: async (now) => (await c().sessions.deleteMany({ expiresAt: { $lte: now } })).deletedCount,
  };
  return guardUnavailable(store, mapMongoError, (operation) => connection.run(operation));
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
