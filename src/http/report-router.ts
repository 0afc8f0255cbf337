// GET /api/reports/daily: per day and webhook, inbound events by category, opt-outs and opt-ins, and replies by
// outcome, counted by the store (SQLite GROUP BY, MongoDB $group). At most 92 days at a time.
import { Router } from 'express';
import { DECISION_CATEGORIES } from '../keywords/categories.ts';
import type { Store } from '../store/store.ts';
import { UNCLASSIFIED } from '../store/daily-report.ts';
import { badParameter, queryReader } from './query-params.ts';

export const REPORT_MAX_DAYS = 92;
const DEFAULT_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

const date = {
  type: 'string',
  pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$',
  description: 'a UTC date, YYYY-MM-DD',
} as const;

export const DAILY_REPORT_QUERY_SCHEMA = {
  type: 'object',
  properties: {
    webhookId: { type: 'string', maxLength: 200, description: 'a webhook id' },
    since: { ...date, description: `the first day, YYYY-MM-DD (default: ${DEFAULT_DAYS - 1} days before until)` },
    until: { ...date, description: 'the last day, YYYY-MM-DD (default: today, UTC)' },
  },
} as const;

const count = { type: 'integer', minimum: 0 } as const;

export const DAILY_REPORT_SCHEMA = {
  type: 'object',
  required: ['days'],
  additionalProperties: false,
  properties: {
    days: {
      type: 'array',
      description: 'by date, then webhook; days without events or replies are left out',
      items: {
        type: 'object',
        required: ['date', 'webhookId', 'inbound', 'optOuts', 'optIns', 'replies'],
        additionalProperties: false,
        properties: {
          date: { type: 'string', format: 'date' },
          webhookId: { type: 'string' },
          inbound: {
            type: 'object',
            description: `events received that day by category (${UNCLASSIFIED}: a binary body or a media-only MMS)`,
            propertyNames: { enum: [...DECISION_CATEGORIES, UNCLASSIFIED] },
            additionalProperties: count,
          },
          optOuts: { ...count, description: 'events that moved a consent to opted-out' },
          optIns: { ...count, description: 'events that moved a consent to opted-in' },
          replies: {
            type: 'object',
            description:
              'replies queued that day by outbox state: delivered = sent to the provider; pending = not sent yet (suppressed ones are not counted)',
            required: ['delivered', 'failed', 'pending'],
            additionalProperties: false,
            properties: { delivered: count, failed: count, pending: count },
          },
        },
      },
    },
  },
} as const;

const readQuery = queryReader<{ webhookId?: string; since?: string; until?: string }>(DAILY_REPORT_QUERY_SCHEMA);

/** Milliseconds of a YYYY-MM-DD that is a real date (2024-02-30 is not), else NaN. */
function dayMs(text: string): number {
  const ms = Date.parse(`${text}T00:00:00.000Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text ? ms : Number.NaN;
}

export function reportRouter(store: Store, now: () => number): Router {
  const router = Router();
  router.get('/api/reports/daily', async (req, res) => {
    const query = readQuery(req);
    const until = query.until === undefined ? Math.floor(now() / DAY_MS) * DAY_MS : dayMs(query.until);
    if (Number.isNaN(until)) throw badParameter('until', 'is not a calendar date');
    const since = query.since === undefined ? until - (DEFAULT_DAYS - 1) * DAY_MS : dayMs(query.since);
    if (Number.isNaN(since)) throw badParameter('since', 'is not a calendar date');
    if (since > until) throw badParameter('since', 'must not be after until');
    if ((until - since) / DAY_MS + 1 > REPORT_MAX_DAYS)
      throw badParameter('since', `must be at most ${REPORT_MAX_DAYS} days before until`);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const days = await store.dailyReport({
      since: day(since),
      until: day(until),
      ...(query.webhookId === undefined ? {} : { webhookId: query.webhookId }),
    });
    res.json({ days });
  });
  return router;
}
