// POST /webhooks/:webhookId/:secret -- the providers' side. Order matters: find the webhook (404 tells
// nothing), in effect (409 until credentials and a channel configuration attach it), JSON only (415), bounded body (413), authenticate the raw bytes (401), parse (400), extract (422),
// store (503 when the store is down), and only then 200.
import { Router, type Request } from 'express';
import { AppError } from '../errors.ts';
import { sameSecret } from '../crypto/same-secret.ts';
import { decodeUtf8, parseJsonBody } from '../json/parse-json-body.ts';
import { ingestCallback } from '../webhooks/ingest-callback.ts';
import type { WebhookDirectory, WebhookRuntime } from '../webhooks/webhook-runtime.ts';
import type { Store } from '../store/store.ts';
import { readRawBody, requireJsonContentType } from './json-body.ts';

const NONCE_TTL_MS = 2 * 300_000;

export interface WebhookRouterDeps {
  store: Store;
  webhooks: WebhookDirectory;
  now: () => number;
}

export function webhookRouter(deps: WebhookRouterDeps): Router {
  const router = Router();
  router.post(
    '/webhooks/:webhookId/:secret',
    (req, res, next) => {
      const webhook = findWebhook(deps.webhooks, req);
      if (!webhook) {
        next(new AppError('not_found', 'not found'));
        return;
      }
      const inactive = deps.webhooks.inactiveReason(webhook);
      if (inactive !== null) {
        next(new AppError('conflict', inactive));
        return;
      }
      res.locals.webhook = webhook;
      next();
    },
    requireJsonContentType,
    readRawBody,
    async (req, res) => {
      const webhook = res.locals.webhook as WebhookRuntime;
      const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const nowMs = deps.now();
      const verdict = webhook.authenticate(raw, req.headers, nowMs);
      if (!verdict.ok) throw new AppError('unauthorized', `callback not authenticated: ${verdict.reason}`);
      const text = decodeUtf8(raw); // once: parsed, then stored as the raw body
      const payload = parseJsonBody(text);
      const result = await ingestCallback(
        webhook.target,
        payload,
        text,
        deps.store,
        new Date(nowMs).toISOString(),
      );
      // The nonce is remembered only once the events are stored, so a retry after a 503 is not refused. A reused
      // nonce means the very same signed body again: idempotency already made it change nothing; refuse it.
      if (verdict.nonce !== null) {
        const expiresAt = new Date(nowMs + NONCE_TTL_MS).toISOString();
        if (!(await deps.store.rememberNonce(webhook.summary.id, verdict.nonce, expiresAt, new Date(nowMs).toISOString()))) {
          throw new AppError('unauthorized', 'callback not authenticated: signature nonce already used');
        }
      }
      res.status(200).json(result);
    },
  );
  return router;
}

function findWebhook(webhooks: WebhookDirectory, req: Request): WebhookRuntime | undefined {
  const webhook = webhooks.get(String(req.params.webhookId));
  return webhook && sameSecret(String(req.params.secret), webhook.secret) ? webhook : undefined;
}
