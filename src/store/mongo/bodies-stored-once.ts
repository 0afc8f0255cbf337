// Moves the raw bodies that events and feedback records stored before bodies were kept apart (each record held
// its whole callback body: a 2,439-result batch was 2,439 copies) into the bodies collection, once. Safe to cut
// short and run again: each body is inserted under its id before the record that held it is rewritten, and
// only records without a top-level bodyId are visited. A marker document says it has run to its end.
import type { Collection } from 'mongodb';
import { bodyIdOf } from '../idempotency-keys.ts';
import { insertOnce } from './insert-once.ts';
import type { BodyDocument, MongoCollections } from './mongo-schema.ts';

const MARK = 'bodies-stored-once';

export async function storeBodiesOnce(c: MongoCollections): Promise<void> {
  if (await c.migrations.findOne({ _id: MARK })) return;
  await moveBodies(c.events, c.bodies);
  await moveBodies(c.feedback, c.bodies);
  await insertOnce(c.migrations, { _id: MARK, at: new Date().toISOString() });
}

/** Both kinds of record as this migration sees them: JSON text that may hold a rawBody. */
interface RecordDocument {
  _id: string;
  record: string;
  bodyId?: string;
}

async function moveBodies<T extends RecordDocument>(
  records: Collection<T>,
  bodies: Collection<BodyDocument>,
): Promise<void> {
  const legacy = records.find({ bodyId: { $exists: false } } as object, { projection: { _id: 1, record: 1 } });
  for await (const document of legacy) {
    const { rawBody, ...record } = JSON.parse(document.record) as { rawBody?: unknown; receivedAt?: unknown };
    if (typeof rawBody !== 'string') continue;
    const bodyId = bodyIdOf(rawBody);
    const receivedAt = typeof record.receivedAt === 'string' ? record.receivedAt : '';
    await insertOnce(bodies, { _id: bodyId, receivedAt, text: rawBody });
    await records.updateOne(
      { _id: document._id } as object,
      {
        $set: { record: JSON.stringify({ ...record, bodyId }), bodyId },
      } as object,
    );
  }
}
