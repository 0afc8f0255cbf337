// The idiom every concurrency decision of the Mongo store rests on (see mongo-schema.ts: FerretDB has no atomic
// conditional update): insert under a unique key, and take a duplicate key to mean that another writer, a
// concurrent copy of the same request or an earlier attempt cut short, got there first.
import type { Collection, Filter, OptionalUnlessRequiredId } from 'mongodb';
import { isDuplicateKey } from './mongo-errors.ts';

/**
 * How often a compare-and-set loop (read the latest, insert the next under a unique key) tries again when the
 * key was taken, before it reports the store unavailable. Each retry means another writer made progress, so
 * reaching it takes a pathological number of concurrent writers to one consent or delivery.
 */
export const MAX_CONFLICT_RETRIES = 1000;

/** True when this insert stored `document`; false when a document under its key was already there. */
export async function insertOnce<T extends { _id: string }>(
  collection: Collection<T>,
  document: OptionalUnlessRequiredId<T>,
): Promise<boolean> {
  try {
    await collection.insertOne(document);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/** Inserts `document`, or reads back the one stored first under its key (`what` names it in an error). */
export async function insertOrReadBack<T extends { _id: string }>(
  collection: Collection<T>,
  document: OptionalUnlessRequiredId<T> & T,
  what: string,
): Promise<{ inserted: boolean; stored: T }> {
  if (await insertOnce(collection, document)) return { inserted: true, stored: document };
  const first = await collection.findOne({ _id: document._id } as Filter<T>);
  if (!first) throw new Error(`${what} ${document._id} vanished after a duplicate key`);
  return { inserted: false, stored: first as T };
}
