// Consent for compliance reviewers: lookup per number with its history, the export of every consent (JSON or
// CSV, streamed page by page) and audiences (who sent a webhook's custom keyword since a date).
import { Router, type Response } from 'express';
import type { ConsentKey } from '../consent/consent-state.ts';
import { consentEvidence } from '../evidence/consent-evidence.ts';
import type { Store, StoredInbound } from '../store/store.ts';
import { csvLine } from './csv.ts';
import { e164 } from './e164-param.ts';
import { AUDIENCE_QUERY_SCHEMA, CONSENTS_QUERY_SCHEMA, isoTime, queryReader } from './query-params.ts';

const EXPORT_PAGE = 1000;

type Format = 'json' | 'csv';
const consentsQuery = queryReader<{ format: Format; since?: string }>(CONSENTS_QUERY_SCHEMA);
const audienceQuery = queryReader<{ format: Format; since: string; webhookId?: string }>(AUDIENCE_QUERY_SCHEMA);

export function consentRouter(store: Store): Router {
  const router = Router();

  router.get('/api/consents', async (req, res) => {
    const query = consentsQuery(req);
    const format = query.format;
    const since = query.since === undefined ? undefined : isoTime(query.since, 'since');
    // The first page is read before any byte is sent, so a store outage still answers 503.
    let page = await store.exportConsents({ ...(since ? { since } : {}), limit: EXPORT_PAGE });
    startDownload(res, format, 'consents');
    res.write(
      format === 'csv' ? csvLine(['profileNumber', 'senderNumber', 'state', 'changedAt', 'version']) : '{"consents":[',
    );
    let first = true;
    for (;;) {
      for (const consent of page) {
        const row = {
          profileNumber: consent.key.profileNumber,
          senderNumber: consent.key.senderNumber,
          state: consent.state,
          changedAt: consent.changedAt,
          version: consent.version,
        };
        res.write(format === 'csv' ? csvLine(Object.values(row)) : `${first ? '' : ','}${JSON.stringify(row)}`);
        first = false;
      }
      const last: ConsentKey | undefined = page.at(-1)?.key;
      if (page.length < EXPORT_PAGE || last === undefined) break;
      page = await store.exportConsents({ ...(since ? { since } : {}), limit: EXPORT_PAGE, after: last });
    }
    res.end(format === 'csv' ? '' : ']}');
  });

  router.get('/api/consents/:number', async (req, res) => {
    const profileNumber = e164(String(req.params.number));
    const views = await store.consentOf(profileNumber);
    res.json({
      profileNumber,
      consents: views.map((view) => ({
        senderNumber: view.key.senderNumber,
        ...view.current,
        history: view.history.map(historyEntry),
      })),
    });
  });

  router.get('/api/consents/:number/evidence', async (req, res) => {
    const profileNumber = e164(String(req.params.number));
    res.json(await consentEvidence(store, profileNumber, new Date().toISOString()));
  });

  router.get('/api/audiences', async (req, res) => {
    const { format, webhookId, ...query } = audienceQuery(req);
    const since = isoTime(query.since, 'since');
    const members = await store.audience({ since, ...(webhookId ? { webhookId } : {}) });
    if (format === 'json') {
      res.json({ webhookId: webhookId ?? null, since, members });
      return;
    }
    startDownload(res, 'csv', 'audience');
    res.write(csvLine(['profileNumber', 'firstAt', 'lastAt', 'count']));
    for (const member of members)
      res.write(csvLine([member.profileNumber, member.firstAt, member.lastAt, member.count]));
    res.end();
  });

  return router;
}

function startDownload(res: Response, format: Format, name: string): void {
  res.status(200).type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
  if (format === 'csv') res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
}

function historyEntry(event: StoredInbound) {
  return {
    at: event.eventTime,
    webhookId: event.webhookId,
    requestId: event.requestId,
    text: event.event.inboundMessage,
    category: event.category,
    keyword: event.keyword,
    from: event.consentBefore?.state ?? null,
    to: event.consentAfter?.state ?? null,
    reason: event.consentReason,
    ruleRevision: event.ruleRevision,
    source: event.review?.by ?? 'message',
    ...(event.review ? { review: event.review } : {}),
  };
}
