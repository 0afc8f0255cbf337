// The daily report's rows from what each store groups: events by (day, webhook, category, consent change) and
// replies by (day, webhook, outbox state). The grouping runs in the store (SQLite GROUP BY, a MongoDB $group);
// only these few groups come back, and both adapters fold them here alike.
import type { DailyReportRow, OutboxState } from './store.ts';

export interface EventGroup {
  day: string;
  webhookId: string;
  category: string | null;
  /** The consent state the events moved to; null when they moved none. */
  changedTo: string | null;
  count: number;
}

export interface ReplyGroup {
  day: string;
  webhookId: string;
  state: OutboxState;
  count: number;
}

/** What an inbound event that was never classified (a binary body, a media-only MMS) is counted as. */
export const UNCLASSIFIED = 'unclassified';

export function dailyReportRows(events: EventGroup[], replies: ReplyGroup[]): DailyReportRow[] {
  const rows = new Map<string, DailyReportRow>();
  const rowOf = (day: string, webhookId: string): DailyReportRow => {
    const key = JSON.stringify([day, webhookId]);
    let row = rows.get(key);
    if (row === undefined) {
      row = {
        date: day,
        webhookId,
        inbound: {},
        optOuts: 0,
        optIns: 0,
        replies: { delivered: 0, failed: 0, pending: 0 },
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const group of events) {
    const row = rowOf(group.day, group.webhookId);
    const category = group.category ?? UNCLASSIFIED;
    row.inbound[category] = (row.inbound[category] ?? 0) + group.count;
    if (group.changedTo === 'opted-out') row.optOuts += group.count;
    if (group.changedTo === 'opted-in') row.optIns += group.count;
  }
  for (const group of replies) {
    const row = rowOf(group.day, group.webhookId);
    if (group.state === 'sent') row.replies.delivered += group.count;
    else if (group.state === 'failed') row.replies.failed += group.count;
    else if (group.state === 'pending' || group.state === 'sending') row.replies.pending += group.count;
  }
  return [...rows.values()].sort((a, b) =>
    a.date === b.date ? (a.webhookId < b.webhookId ? -1 : 1) : a.date < b.date ? -1 : 1,
  );
}

/** The UTC date (YYYY-MM-DD) of an ISO-8601 UTC time. */
export const dayOf = (iso: string): string => iso.slice(0, 10);
