// Delivery records for reporting: outbound messages (replies, and messages whose delivery reports arrived)
// with their delivery status and every report, as JSON or CSV. Numbers are returned, never logged.
import { Router } from 'express';
import type { CanonicalStatus } from '../events.ts';
import { AppError } from '../errors.ts';
import type { MessageRecord, Store } from '../store/store.ts';
import { csvLine } from './csv.ts';
import { e164 } from './e164-param.ts';
import { badParameter, isoTime, MESSAGES_QUERY_SCHEMA, queryReader } from './query-params.ts';

const messagesQuery = queryReader<{
  webhookId?: string;
  to?: string;
  since?: string;
  status?: CanonicalStatus;
  limit: number;
  before?: string;
  format: 'json' | 'csv';
}>(MESSAGES_QUERY_SCHEMA);

/** The CSV columns: the record's own fields (raw values as JSON text); the history stays in the JSON. */
const CSV_COLUMNS = [
  'id',
  'webhookId',
  'from',
  'to',
  'createdAt',
  'state',
  'attempts',
  'providerMessageId',
  'status',
  'final',
  'updatedAt',
  'code',
  'rawStatus',
  'detail',
] as const;

export function messageRouter(store: Store): Router {
  const router = Router();

  router.get('/api/messages', async (req, res) => {
    const { format, limit, webhookId, status, ...query } = messagesQuery(req);
    const since = query.since === undefined ? undefined : isoTime(query.since, 'since');
    const to = query.to === undefined ? undefined : recipient(query.to);
    const before = query.before === undefined ? undefined : await store.message(query.before);
    if (before === null) throw badParameter('before', 'names no message');
    const messages = await store.listMessages({
      limit,
      ...(webhookId ? { webhookId } : {}),
      ...(to ? { to } : {}),
      ...(since ? { since } : {}),
      ...(status ? { status } : {}),
      ...(before ? { before } : {}),
    });
    const next = messages.length === limit ? (messages.at(-1)?.id ?? null) : null;
    if (format === 'json') {
      res.json({ messages, next });
      return;
    }
    res.status(200).type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="messages.csv"');
    res.write(csvLine(CSV_COLUMNS));
    for (const message of messages) res.write(csvLine(CSV_COLUMNS.map((column) => csvValue(message[column]))));
    res.end();
  });

  router.get('/api/messages/:id', async (req, res) => {
    const message = await store.message(String(req.params.id));
    if (message === null) throw new AppError('not_found', 'no such message');
    res.json(message);
  });

  return router;
}

/** The `to` filter as E.164, refused like any other bad parameter. */
function recipient(text: string): string {
  try {
    return e164(text);
  } catch {
    throw badParameter('to', 'must be a phone number in E.164, e.g. +15550100');
  }
}

function csvValue(value: MessageRecord[(typeof CSV_COLUMNS)[number]]): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  return JSON.stringify(value);
}
