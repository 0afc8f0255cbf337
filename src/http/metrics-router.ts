// GET /metrics (Prometheus text). OPTLINE_METRICS: "on" (default) answers anyone, a scraper presenting the
// admin token included; "token" requires an admin token; "off" answers 404. Also times every webhook request
// from receipt to answer and tells the observer, labelled by the webhook the URL named (never its secret).
import { Router, type RequestHandler } from 'express';
import type { AdminToken } from '../config.ts';
import { AppError } from '../errors.ts';
import type { OpsObserver } from '../ops-observer.ts';
import type { WebhookRuntime } from '../webhooks/webhook-runtime.ts';
import { bearerAuth } from './bearer-auth.ts';

export type MetricsAccess = 'on' | 'token' | 'off';

/** What the metrics route serves: the text format and how to render it now. */
export interface MetricsSource {
  contentType: string;
  render(): Promise<string>;
}

export function metricsRouter(
  source: MetricsSource | undefined,
  access: MetricsAccess,
  tokens: readonly AdminToken[],
): Router {
  const router = Router();
  if (source === undefined || access === 'off') return router; // falls through to the 404
  if (access === 'token') router.get('/metrics', bearerAuth(tokens));
  router.get('/metrics', async (_req, res) => {
    const text = await source.render().catch((error: unknown) => {
      throw new AppError('internal', `metrics could not be rendered: ${String(error)}`);
    });
    res.setHeader('Content-Type', source.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(text);
  });
  return router;
}

/** Tells the observer of every answer to a webhook URL: its webhook, what it carried, status and time taken. */
export function callbackTiming(observer: OpsObserver): RequestHandler {
  return (req, res, next) => {
    if (!req.path.startsWith('/webhooks/')) {
      next();
      return;
    }
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const webhook = res.locals.webhook as WebhookRuntime | undefined;
      // Refused before its kind was known, a callback counts as the kind its webhook takes: "both" for a webhook taking
      // both (Sinch's); "unknown" when the URL named no webhook.
      const kind =
        typeof res.locals.callbackKind === 'string'
          ? res.locals.callbackKind
          : webhook === undefined
            ? 'unknown'
            : (webhook.target.kind ?? 'both');
      observer.callbackAnswered({
        webhookId: webhook?.summary.id ?? null,
        kind,
        status: res.statusCode,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    });
    next();
  };
}
