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
import { e164 } from './e164-param.ts';
import { migrationRouter } from './migration-router.ts';
import { credentialsRouter } from './credentials-router.ts';
import { messageRouter } from './message-router.ts';
import { OPENAPI_DOCUMENT } from './openapi.ts';
import { EVENTS_QUERY_SCHEMA, queryReader } from './query-params.ts';
import { reviewRouter } from './review-router.ts';
import { simulationRouter } from './simulation-router.ts';
import { subscriptionRouter } from './subscription-router.ts';
import { webhookAdminRouter } from './webhook-admin-router.ts';

export interface AdminRouterDeps {
  store: Store;
  admin: AdminServices;
  adminTokens: readonly AdminToken[];
  publicUrl: string;
}

const eventsQuery = queryReader<{ profileNumber?: string; webhookId?: string; limit: number }>(EVENTS_QUERY_SCHEMA);

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
  router.use(reviewRouter(deps.store, deps.admin.directory));
  router.use(simulationRouter(deps.store, deps.admin));

  router.get('/api/events', async (req, res) => {
    const { webhookId, limit, ...query } = eventsQuery(req);
    const profileNumber = query.profileNumber === undefined ? undefined : e164(query.profileNumber);
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
