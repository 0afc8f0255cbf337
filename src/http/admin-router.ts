// The administration API under /api, behind bearer tokens (no token configured: the API is off). The OpenAPI
// document describing it is public, so tools can read it before they authenticate.
import { Router } from 'express';
import type { AdminServices } from '../admin/admin-services.ts';
import type { AdminToken } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { bearerAuth } from './bearer-auth.ts';
import { channelRouter } from './channel-router.ts';
import { consentRouter } from './consent-router.ts';
import { eventRouter } from './event-router.ts';
import { migrationRouter } from './migration-router.ts';
import { credentialsRouter } from './credentials-router.ts';
import { messageRouter } from './message-router.ts';
import { OPENAPI_DOCUMENT } from './openapi.ts';
import { subscriptionRouter } from './subscription-router.ts';
import { webhookAdminRouter } from './webhook-admin-router.ts';

export interface AdminRouterDeps {
  store: Store;
  admin: AdminServices;
  adminTokens: readonly AdminToken[];
  publicUrl: string;
}

export function adminRouter(deps: AdminRouterDeps): Router {
  const router = Router();
  router.get('/api/openapi.json', (_req, res) => {
    res.json(OPENAPI_DOCUMENT);
  });
  router.use('/api', bearerAuth(deps.adminTokens));
  router.use(webhookAdminRouter(deps.admin, deps.publicUrl));
  router.use(subscriptionRouter(deps.store, deps.admin));
  router.use(credentialsRouter(deps.admin.credentials));
  router.use(channelRouter(deps.admin.channels));
  router.use(consentRouter(deps.store));
  router.use(migrationRouter(deps.admin));
  router.use(messageRouter(deps.store));
  router.use(eventRouter(deps.store));

  router.use('/api', (_req, _res, next) => next(new AppError('not_found', 'no such API route')));
  return router;
}
