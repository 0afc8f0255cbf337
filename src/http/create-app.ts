// createApp(deps): the Express app from its dependencies. main.ts is the only place that wires real ones.
import express from 'express';
import type { Logger } from 'pino';
import type { AdminServices } from '../admin/admin-services.ts';
import type { AdminToken } from '../config.ts';
import type { Store } from '../store/store.ts';
import type { RateLimits } from './rate-limits.ts';
import { StoreUnavailableError } from '../store/store-unavailable-error.ts';
import { adminRouter } from './admin-router.ts';
import { consoleRouter } from './console-router.ts';
import { errorMiddleware } from './error-middleware.ts';
import { webhookRouter } from './webhook-router.ts';
import { AppError } from '../errors.ts';
import type { OutboundAllowList } from '../handshakes/outbound-allow-list.ts';
import { snsConfirmer } from '../handshakes/sns-confirmation.ts';
import { DEFAULT_MAX_CLOCK_SKEW_SECONDS } from '../webhooks/event-time.ts';
import { NO_OPS_OBSERVER, type OpsObserver } from '../ops-observer.ts';
import type { DrainGate } from './drain-gate.ts';
import { callbackTiming, metricsRouter, type MetricsAccess, type MetricsSource } from './metrics-router.ts';

export interface AppDeps {
  store: Store;
  admin: AdminServices;
  adminTokens: readonly AdminToken[];
  publicUrl: string;
  logger: Logger;
  now?: () => number;
  /** OPTLINE_OUTBOUND_ALLOW: host:port pairs a handshake may fetch from besides the providers' own hosts. */
  outboundAllow?: OutboundAllowList;
  /** The console routes' per-minute limits; default DEFAULT_RATE_LIMITS. */
  rateLimits?: RateLimits;
  /** OPTLINE_MAX_CLOCK_SKEW_SECONDS (default 300). */
  maxClockSkewSeconds?: number;
  /** Operations (metrics, graceful shutdown): what the service tells its instrumentation; default nobody. */
  observer?: OpsObserver;
  /** GET /metrics; absent: 404. */
  metrics?: MetricsSource;
  metricsAccess?: MetricsAccess;
  /** Graceful shutdown: refuses requests with 503 once draining (main.ts begins it on SIGTERM). */
  drain?: DrainGate;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // providers never revalidate; hashing every answer costs measurable CPU per callback
  app.set('query parser', 'simple');
  app.use(callbackTiming(deps.observer ?? NO_OPS_OBSERVER));
  if (deps.drain) app.use(deps.drain.middleware);
  // The providers' callbacks first: they are nearly every request, and pass no other route on the way.
  app.use(
    webhookRouter({
      store: deps.store,
      webhooks: deps.admin.directory,
      now: deps.now ?? Date.now,
      logger: deps.logger,
      confirmSns: snsConfirmer({ allow: deps.outboundAllow ?? [], now: deps.now ?? Date.now }),
      publicUrl: deps.publicUrl,
      maxClockSkewSeconds: deps.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS,
      observer: deps.observer ?? NO_OPS_OBSERVER,
    }),
  );
  app.use(metricsRouter(deps.metrics, deps.metricsAccess ?? 'on', deps.adminTokens));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready when a callback could be stored now: the store's ping is a small write, made durable like a callback's.
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.store.ping();
    } catch (error) {
      throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError('the store cannot write', error);
    }
    res.json({ status: 'ready' });
  });
  app.use(adminRouter(deps));
  app.use(consoleRouter());
  app.use((_req, _res, next) => next(new AppError('not_found', 'not found')));
  app.use(errorMiddleware(deps.logger));
  return app;
}
