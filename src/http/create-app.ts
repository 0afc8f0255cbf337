// createApp(deps): the Express app from its dependencies. main.ts is the only place that wires real ones.
import express from 'express';
import type { Logger } from 'pino';
import type { AdminServices } from '../admin/admin-services.ts';
import type { AdminToken } from '../config.ts';
import type { Store } from '../store/store.ts';
import type { RateLimits } from './rate-limits.ts';
import { adminRouter } from './admin-router.ts';
import { consoleRouter } from './console-router.ts';
import { errorMiddleware } from './error-middleware.ts';
import { webhookRouter } from './webhook-router.ts';
import { AppError } from '../errors.ts';
import type { OutboundAllowList } from '../handshakes/outbound-allow-list.ts';
import { snsConfirmer } from '../handshakes/sns-confirmation.ts';

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
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // providers never revalidate; hashing every answer costs measurable CPU per callback
  app.set('query parser', 'simple');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    await deps.store.ping();
    res.json({ status: 'ready' });
  });
  app.use(
    webhookRouter({
      store: deps.store,
      webhooks: deps.admin.directory,
      now: deps.now ?? Date.now,
      logger: deps.logger,
      confirmSns: snsConfirmer({ allow: deps.outboundAllow ?? [], now: deps.now ?? Date.now }),
      publicUrl: deps.publicUrl,
    }),
  );
  app.use(adminRouter(deps));
  app.use(consoleRouter());
  app.use((_req, _res, next) => next(new AppError('not_found', 'not found')));
  app.use(errorMiddleware(deps.logger));
  return app;
}
