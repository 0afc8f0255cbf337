// Outbound messages as reported (MessageRecord), assembled alike in every adapter from what it keeps: outbox
// entries, delivery states and the feedback records that moved them. The adapter finds the heads and reads the
// parts; the order, the filters and the paging are decided here, once.
import type {
  DeliveryState,
  FeedbackRecord,
  MessageCursor,
  MessageQuery,
  MessageRecord,
  MessageReport,
  OutboxEntry,
} from './store.ts';
import { normalizePhone } from '../template/normalize-phone.ts';

export const DEFAULT_MESSAGE_LIMIT = 100;
/** Heads read per round while a status filter leaves too few messages. */
const STATUS_SCAN_BATCH = 200;

/** What a message is listed by, before its parts are read. */
export interface MessageHead {
  id: string;
  webhookId: string;
  to: string | null;
  createdAt: string;
  outbox: boolean; // an outbox entry; else a delivery whose reports name none
}

/** A report's recipient as the `to` of a message Optline did not send: E.164 when it is a number (reports keep
 * the raw value, often without '+'). */
export function recipientOf(raw: string | null): string | null {
  return normalizePhone(raw) ?? raw;
}

export interface MessageParts {
  entry: OutboxEntry | null;
  delivery: DeliveryState | null;
  reports: readonly FeedbackRecord[]; // oldest first
}

export function messageOf(head: MessageHead, parts: MessageParts): MessageRecord {
  const { entry, delivery } = parts;
  const history = parts.reports.map(reportOf);
  // The raw fields of the latest report that took the delivery to where it stands.
  const current = delivery ? history.findLast((report) => report.status === delivery.status) : undefined;
  return {
    id: head.id,
    webhookId: head.webhookId,
    from: entry?.reply.from ?? null,
    to: entry?.reply.to ?? head.to,
    createdAt: head.createdAt,
    state: entry?.state ?? null,
    attempts: entry?.attempts ?? 0,
    providerMessageId: entry ? entry.providerMessageId : head.id,
    status: delivery?.status ?? null,
    final: delivery?.final ?? false,
    updatedAt: delivery?.updatedAt ?? null,
    code: current?.code ?? null,
    rawStatus: current?.rawStatus ?? null,
    detail: current?.detail ?? null,
    history,
  };
}

function reportOf(record: FeedbackRecord): MessageReport {
  return {
    at: record.receivedAt,
    webhookId: record.webhookId,
    status: record.status.canonical,
    final: record.status.final,
    code: record.status.code ?? null,
    rawStatus: record.status.status ?? null,
    detail: detailOf(record.status),
  };
}

/** No template extracts a detail today; a status that carries one (`detail` or `statusDetail`) shows it. */
function detailOf(status: FeedbackRecord['status']): unknown {
  const fields: Record<string, unknown> = { ...status };
  return fields.detail ?? fields.statusDetail ?? null;
}

/** Newest first: createdAt, then id, descending. */
export function newestFirst(a: MessageCursor, b: MessageCursor): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/** How many heads the adapter may stop at (newest first): all of them when a status filter follows. */
export function headLimit(query: MessageQuery): number | null {
  return query.status === undefined ? (query.limit ?? DEFAULT_MESSAGE_LIMIT) : null;
}

/**
 * One page: the heads filtered (an adapter may have applied the filters already) and ordered, then read in
 * order until `limit` messages match the status filter.
 */
export async function pageOfMessages(
  heads: readonly MessageHead[],
  query: MessageQuery,
  read: (heads: MessageHead[]) => Promise<MessageRecord[]>,
): Promise<MessageRecord[]> {
  const limit = query.limit ?? DEFAULT_MESSAGE_LIMIT;
  const matching = heads
    .filter(
      (head) =>
        (query.webhookId === undefined || head.webhookId === query.webhookId) &&
        (query.to === undefined || head.to === query.to) &&
        (query.since === undefined || head.createdAt >= query.since) &&
        (query.before === undefined || newestFirst(query.before, head) < 0),
    )
    .sort(newestFirst);
  if (query.status === undefined) return read(matching.slice(0, limit));
  const page: MessageRecord[] = [];
  for (let start = 0; start < matching.length && page.length < limit; start += STATUS_SCAN_BATCH) {
    const records = await read(matching.slice(start, start + STATUS_SCAN_BATCH));
    page.push(...records.filter((record) => record.status === query.status));
  }
  return page.slice(0, limit);
}
