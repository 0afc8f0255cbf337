// Consent for compliance reviewers: lookup per number with its history, the export of every consent (JSON or
// CSV, streamed page by page) and audiences (who sent a webhook's custom keyword since a date).
import { Router, type Response } from 'express';
import { validationFailed, type FieldProblem } from '../admin/field-problem.ts';
import type { ConsentKey } from '../consent/consent-state.ts';
import type { Store, StoredInbound } from '../store/store.ts';
import { csvLine } from './csv.ts';
import { e164 } from './e164-param.ts';
import { formatOf, optionalString, timeOf } from './query-params.ts';

const EXPORT_PAGE = 1000;

export function consentRouter(store: Store): Router {
  const router = Router();

  router.get('/api/consents', async (req, res) => {
    const problems: FieldProblem[] = [];
    const format = formatOf(req, problems);
    const since = timeOf(req, 'since', problems, false);
    if (problems.length > 0) throw validationFailed('the query', problems);
    // The first page is read before any byte is sent, so a store outage still answers 503.
    let page = await store.exportConsents({ ...(since ? { since } : {}), limit: EXPORT_PAGE });
    startDownload(res, format, 'consents');
    res.write(format === 'csv' ? csvLine(['profileNumber', 'senderNumber', 'state', 'changedAt', 'version']) : '{"consents":[');
    let first = true;
    for (;;) {
      for (const consent of page) {
        const row = { profileNumber: consent.key.profileNumber, senderNumber: consent.key.senderNumber, state: consent.state, changedAt: consent.changedAt, version: consent.version };
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
      consents: views.map((view) => ({ senderNumber: view.key.senderNumber, ...view.current, history: view.history.map(historyEntry) })),
    });
  });

  router.get('/api/audiences', async (req, res) => {
    const problems: FieldProblem[] = [];
    const format = formatOf(req, problems);
    const since = timeOf(req, 'since', problems, true);
    const webhookId = optionalString(req, 'webhookId');
    if (problems.length > 0 || since === undefined) throw validationFailed('the query', problems);
    const members = await store.audience({ since, ...(webhookId ? { webhookId } : {}) });
    if (format === 'json') {
      res.json({ webhookId: webhookId ?? null, since, members });
      return;
    }
    startDownload(res, 'csv', 'audience');
    res.write(csvLine(['profileNumber', 'firstAt', 'lastAt', 'count']));
    for (const member of members) res.write(csvLine([member.profileNumber, member.firstAt, member.lastAt, member.count]));
    res.end();
  });

  return router;
}

function startDownload(res: Response, format: 'json' | 'csv', name: string): void {
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
  };
}
