// The stored inbound events, newest first, in pages bounded by count (limit, at most 1000) and by the bytes of
// the answer, each event's raw body by reference (bodyId; GET /api/bodies/<id>). One batch body used to be
// copied into each of its 2,439 events, and a page of 1000 such events was 299 MiB.
import { Router } from 'express';
import { AppError } from '../errors.ts';
import type { EventQuery, StoredInbound, Store } from '../store/store.ts';
import { e164 } from './e164-param.ts';
import { badParameter, EVENTS_QUERY_SCHEMA, queryReader } from './query-params.ts';

/** A page stops once its events' JSON passes this many bytes (an event over it alone still makes a page). */
export const MAX_EVENTS_PAGE_BYTES = 4 * 1024 * 1024;

const eventsQuery = queryReader<{ profileNumber?: string; webhookId?: string; limit: number; before?: string }>(
  EVENTS_QUERY_SCHEMA,
);

export function eventRouter(store: Store): Router {
  const router = Router();

  router.get('/api/events', async (req, res) => {
    const { webhookId, limit, ...query } = eventsQuery(req);
    const profileNumber = query.profileNumber === undefined ? undefined : e164(query.profileNumber);
    const before = query.before === undefined ? undefined : cursorOf(query.before);
    const listed = await store.listEvents({
      ...(profileNumber ? { profileNumber } : {}),
      ...(webhookId ? { webhookId } : {}),
      ...(before ? { before } : {}),
      limit,
    });
    const events = withinBytes(listed, MAX_EVENTS_PAGE_BYTES);
    const last = events.at(-1);
    const more = events.length < listed.length || listed.length === limit;
    res.json({ events, next: more && last ? cursorFor(last) : null });
  });

  router.get('/api/bodies/:id', async (req, res) => {
    const rawBody = await store.rawBody(String(req.params.id));
    if (rawBody === null) throw new AppError('not_found', 'no such body');
    res.json({ bodyId: req.params.id, rawBody });
  });

  return router;
}

/** The leading events whose JSON fits in `bytes`, at least one. */
function withinBytes(events: readonly StoredInbound[], bytes: number): StoredInbound[] {
  let total = 0;
  const page: StoredInbound[] = [];
  for (const event of events) {
    total += Buffer.byteLength(JSON.stringify(event));
    if (page.length > 0 && total > bytes) break;
    page.push(event);
  }
  return page;
}

/** `next`: the last event's (webhookId, requestId), opaque to the client. */
function cursorFor(event: StoredInbound): string {
  return Buffer.from(JSON.stringify([event.webhookId, event.requestId])).toString('base64url');
}

function cursorOf(text: string): NonNullable<EventQuery['before']> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string')) {
      const [webhookId, requestId] = parsed as [string, string];
      return { webhookId, requestId };
    }
  } catch {
    // not JSON: refused below
  }
  throw badParameter('before', "is not a page's next cursor");
}
