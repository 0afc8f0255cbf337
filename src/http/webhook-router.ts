// POST /webhooks/:webhookId/:secret -- the providers' side. Order matters: find the webhook (404 tells
// nothing), answer a provider's handshake (webhook-handshakes.ts; OPTIONS too), in effect (409 until credentials
// and a channel configuration attach it, if it names credentials), JSON only (415; text/plain too for a template
// that expects an AWS SNS envelope), bounded body (413), authenticate the raw bytes (401), parse (400), extract
// (422), store (503 when the store is down), and only then 200. Every refusal of a known webhook is logged (warn).
import { Router, type ErrorRequestHandler, type Request } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import { sameSecret } from '../crypto/same-secret.ts';
import { decodeUtf8, parseJsonBody } from '../json/parse-json-body.ts';
import { ingestCallback } from '../webhooks/ingest-callback.ts';
import { sha256Hex } from '../crypto/sha256-hex.ts';
import type { WebhookDirectory, WebhookRuntime } from '../webhooks/webhook-runtime.ts';
import type { Store } from '../store/store.ts';
import type { SnsConfirmer } from '../handshakes/sns-confirmation.ts';
import type { OpsObserver } from '../ops-observer.ts';
import { readRawBody, requireJsonContentType, requireJsonContentTypeOr } from './json-body.ts';
import { loggableReason } from './loggable-refusal.ts';
import { signedUrl } from './signed-url.ts';
import {
  answerCloudEventsValidation,
  answerEventGridValidation,
  answerSnsSubscription,
  isEventGridValidation,
  isSnsSubscriptionMessage,
  handshake,
  requireSnsContentType,
  type HandshakeDeps,
} from './webhook-handshakes.ts';

const NONCE_TTL_MS = 2 * 300_000;
const WEBHOOK_PATH = '/webhooks/:webhookId/:secret';

export interface WebhookRouterDeps {
  store: Store;
  webhooks: WebhookDirectory;
  now: () => number;
  logger: Logger;
  /** Confirms SNS subscriptions for webhooks whose rule file turns autoConfirm on. */
  confirmSns: SnsConfirmer;
  /** OPTLINE_PUBLIC_URL: the URL a signature over the request URL (Twilio's) is checked against. */
  publicUrl: string;
  /** OPTLINE_MAX_CLOCK_SKEW_SECONDS: how far past its receipt an event's own time may lie. */
  maxClockSkewSeconds: number;
  observer: OpsObserver;
}

export function webhookRouter(deps: WebhookRouterDeps): Router {
  const router = Router();
  const handshakes: HandshakeDeps = deps;
  // Every request to a webhook URL first finds its webhook (404 tells nothing); then the providers'
  // handshakes (webhook-handshakes.ts) are tried, each passing on what is not its own; then the callback. One
  // route, so the path is matched once per request.
  router
    .route(WEBHOOK_PATH)
    .all((req, res, next) => {
      const webhook = findWebhook(deps.webhooks, req);
      if (!webhook) {
        next(new AppError('not_found', 'not found'));
        return;
      }
      res.locals.webhook = webhook;
      next();
    })
    .options(answerCloudEventsValidation(handshakes))
    .post(
      handshake(isEventGridValidation, requireJsonContentType, readRawBody, answerEventGridValidation(handshakes)),
      handshake(isSnsSubscriptionMessage, requireSnsContentType, readRawBody, answerSnsSubscription(handshakes)),
      (_req, res, next) => {
        const inactive = deps.webhooks.inactiveReason(res.locals.webhook as WebhookRuntime);
        next(inactive === null ? undefined : new AppError('conflict', inactive));
      },
      requireJsonContentTypeOr((res) => (res.locals.webhook as WebhookRuntime).expectsSnsEnvelope),
      readRawBody,
      async (req, res) => {
        const webhook = res.locals.webhook as WebhookRuntime;
        const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const nowMs = deps.now();
        const url = signedUrl(deps.publicUrl, webhook, req.originalUrl);
        const verdict = webhook.authenticate({ rawBody: raw, headers: req.headers, nowMs, url });
        if (!verdict.ok) throw new AppError('unauthorized', `callback not authenticated: ${verdict.reason}`);
        const text = decodeUtf8(raw); // once: parsed, then stored as the raw body
        const payload = parseJsonBody(text);
        const result = await ingestCallback(
          webhook.target,
          payload,
          text,
          deps.store,
          new Date(nowMs).toISOString(),
          {
            sendsFrom: (number) => deps.webhooks.sendsFrom(webhook, number),
            warn: (fields, message) => deps.logger.warn(fields, message),
            maxClockSkewMs: deps.maxClockSkewSeconds * 1000,
            recorded: (webhookId, category, consentTo) => deps.observer.inboundRecorded(webhookId, category, consentTo),
          },
          sha256Hex(raw), // of the bytes: decoding drops a byte-order mark
        );
        res.locals.callbackKind = result.status === 'stored' ? result.kind : 'ignored';
        // The nonce is remembered only once the events are stored, so a retry after a 503 is not refused. A reused
        // nonce means the very same signed body again: idempotency already made it change nothing; refuse it.
        if (verdict.nonce !== null) {
          const expiresAt = new Date(nowMs + NONCE_TTL_MS).toISOString();
          if (
            !(await deps.store.rememberNonce(
              webhook.summary.id,
              verdict.nonce,
              expiresAt,
              new Date(nowMs).toISOString(),
            ))
          ) {
            throw new AppError(
              'unauthorized',
              'callback not authenticated: replayed id (signature nonce already used)',
            );
          }
        }
        res.status(200).json(result);
      },
    );
  router.use(logRefusal(deps.logger));
  return router;
}

function findWebhook(webhooks: WebhookDirectory, req: Request): WebhookRuntime | undefined {
  const webhook = webhooks.get(String(req.params.webhookId));
  return webhook && sameSecret(String(req.params.secret), webhook.secret) ? webhook : undefined;
}

/**
 * Logs why a provider's callback was refused (4xx), so an admin can see it at the default level: the webhook,
 * the status and the reason. A 404 is not logged: it names no webhook (a wrong secret, a scan). Never logged:
 * the body, the URL (its last segment is the webhook's secret), and any message that may quote the body.
 */
function logRefusal(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    const webhook = res.locals.webhook as WebhookRuntime | undefined;
    if (webhook !== undefined && error instanceof AppError && error.status < 500) {
      logger.warn(
        { webhookId: webhook.summary.id, status: error.status, code: error.code, reason: loggableReason(error) },
        'callback refused',
      );
    }
    next(error);
  };
}
