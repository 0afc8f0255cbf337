// The read API for admins and compliance reviewers, behind a bearer token. No token configured: the API is off.
import { Router, type RequestHandler } from 'express';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { AppError } from '../errors.ts';
import { sameSecret } from '../crypto/same-secret.ts';
import type { Store, StoredInbound } from '../store/store.ts';
import { webhookUrl, type WebhookDirectory } from '../webhooks/webhook-runtime.ts';

export interface AdminRouterDeps {
  store: Store;
  webhooks: WebhookDirectory;
  adminToken: string | null;
  publicUrl: string;
}

export function adminRouter(deps: AdminRouterDeps): Router {
  const router = Router();
  router.use('/api', bearer(deps.adminToken));

  router.get('/api/webhooks', (_req, res) => {
    res.json({
      webhooks: deps.webhooks.list().map((webhook) => ({
        ...webhook.summary,
        url: webhookUrl(deps.publicUrl, webhook),
        warning: webhook.warning,
      })),
    });
  });

  router.get('/api/consents/:number', async (req, res) => {
    const profileNumber = e164(String(req.params.number));
    const views = await deps.store.consentOf(profileNumber);
    res.json({
      profileNumber,
      consents: views.map((view) => ({
        senderNumber: view.key.senderNumber,
        ...view.current,
        history: view.history.map(historyEntry),
      })),
    });
  });

  router.get('/api/events', async (req, res) => {
    const profileNumber = typeof req.query.profileNumber === 'string' ? e164(req.query.profileNumber) : undefined;
    const webhookId = typeof req.query.webhookId === 'string' ? req.query.webhookId : undefined;
    const limit = typeof req.query.limit === 'string' ? Number(req.query.limit) : 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new AppError('bad_request', 'limit must be an integer from 1 to 1000');
    }
    const events = await deps.store.listEvents({
      ...(profileNumber ? { profileNumber } : {}),
      ...(webhookId ? { webhookId } : {}),
      limit,
    });
    res.json({ events });
  });

  router.use('/api', (_req, _res, next) => next(new AppError('not_found', 'no such API route')));
  return router;
}

function bearer(adminToken: string | null): RequestHandler {
  return (req, _res, next) => {
    if (adminToken === null) {
      next(new AppError('not_found', 'the API is off: set OPTLINE_ADMIN_TOKEN to turn it on'));
      return;
    }
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match?.[1] || !sameSecret(match[1], adminToken)) {
      next(new AppError('unauthorized', 'a valid bearer token is required'));
      return;
    }
    next();
  };
}

/** A number as E.164; digits without '+' are read as international. */
function e164(text: string): string {
  const trimmed = text.trim();
  const parsed = parsePhoneNumberFromString(/^\d+$/.test(trimmed) ? `+${trimmed}` : trimmed);
  if (!parsed) throw new AppError('bad_request', `"${text}" is not a phone number (use E.164, e.g. +15550100)`);
  return parsed.number;
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
