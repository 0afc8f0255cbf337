// One way to open a MongoDB client, shared by the event store and the admin store: how long an operation waits
// for a server is the store's bound on a 503, and a connection attempt gets the same bound.
import { MongoClient } from 'mongodb';
import { mapMongoError } from './mongo-errors.ts';

export async function connectedClient(uri: string, timeoutMs: number, appName: string): Promise<MongoClient> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs, appName });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.close().catch(() => undefined);
    throw mapMongoError(error);
  }
}
