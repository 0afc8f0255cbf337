// The strongest write concern the deployment accepts. A replica set takes majority and journaled writes;
// a standalone server or FerretDB may refuse `w: 'majority'` (FerretDB 1.24 accepts and ignores it), in which
// case we fall back to a journaled single-node acknowledgement, and last to a plain one (a server without a
// journal refuses `j: true`). Found by a probe write into the store's own `meta` collection.
import type { Db, WriteConcernSettings } from 'mongodb';
import { isUnreachable } from './mongo-errors.ts';

const CANDIDATES: readonly WriteConcernSettings[] = [{ w: 'majority', j: true }, { w: 1, j: true }, { w: 1 }];

export async function strongestWriteConcern(db: Db): Promise<WriteConcernSettings> {
  let refusal: unknown;
  for (const writeConcern of CANDIDATES) {
    try {
      await db
        .collection<{ _id: string; at: Date }>('meta')
        .updateOne({ _id: 'write-concern-probe' }, { $set: { at: new Date() } }, { upsert: true, writeConcern });
      return writeConcern;
    } catch (error) {
      if (isUnreachable(error)) throw error;
      refusal = error;
    }
  }
  throw refusal;
}
