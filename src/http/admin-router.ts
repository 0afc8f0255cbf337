// The administration API under /api, behind bearer tokens (no token configured: the API is off). The OpenAPI
// document describing it is public, so tools can read it before they authenticate.
import { Router } from 'express';
import { AdminSessions } from '../admin/admin-sessions.ts';
import type { AdminServices } from '../admin/admin-services.ts';
import type { AdminToken } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { bearerAuth } from './bearer-auth.ts';
import { channelRouter } from './channel-router.ts';
import { classifyRouter } from './classify-router.ts';
import { consentRouter } from './consent-router.ts';
import { eventRouter } from './event-router.ts';
import { migrationRouter } from './migration-router.ts';
import { credentialsRouter } from './credentials-router.ts';
import { messageRouter } from './message-router.ts';
import { OPENAPI_DOCUMENT } from './openapi.ts';
import { DEFAULT_RATE_LIMITS, type RateLimits, sessionLimit } from './rate-limits.ts';
import { reportRouter } from './report-router.ts';
import { reviewRouter } from './review-router.ts';
import { sessionAuth } from './session-auth.ts';
import { sessionRouter } from './session-router.ts';
import { simulationRouter } from './simulation-router.ts';
import { subscriptionRouter } from './subscription-router.ts';
import { templateRouter } from './template-router.ts';
import { webhookAdminRouter } from './webhook-admin-router.ts';

export interface AdminRouterDeps {
  store: Store;
  admin: AdminServices;
  adminTokens: readonly AdminToken[];
  publicUrl: string;
  now?: () => number;
  /** Default: DEFAULT_RATE_LIMITS. */
  rateLimits?: RateLimits;
}

export function adminRouter(deps: AdminRouterDeps): Router {
  const router = Router();
  router.get('/api/openapi.json', (_req, res) => {
    res.json(OPENAPI_DOCUMENT);
  });
  const apiOn = deps.adminTokens.length > 0;
  const sessions = new AdminSessions({
    store: deps.admin.adminStore,
    tokens: deps.adminTokens,
    now: deps.now ?? Date.now,
  });
  const limits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  router.use(sessionRouter({ sessions, apiOn, limits, publicUrl: deps.publicUrl }));
  router.use('/api', sessionAuth(sessions, apiOn, deps.publicUrl), bearerAuth(deps.adminTokens));
  // The console's routes, each limited per session.
  router.use(['/api/templates', '/api/classify', '/api/reports'], sessionLimit(limits));
  router.use(templateRouter());
  router.use(classifyRouter(deps.admin));
  router.use(reportRouter(deps.store, deps.now ?? Date.now));
  router.use(webhookAdminRouter(deps.admin, deps.publicUrl));
  router.use(subscriptionRouter(deps.store, deps.admin));
  router.use(credentialsRouter(deps.admin.credentials));
  router.use(channelRouter(deps.admin.channels));
  router.use(consentRouter(deps.store));
  router.use(migrationRouter(deps.admin));
  router.use(messageRouter(deps.store));
  router.use(eventRouter(deps.store));
  router.use(reviewRouter(deps.store, deps.admin.directory));
  router.use(simulationRouter(deps.store, deps.admin));

  router.use('/api', (_req, _res, next) => next(new AppError('not_found', 'no such API route')));
  return router;
}
