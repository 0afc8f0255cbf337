// /api/migrations: legacy API credentials -> credentials, channel configurations and webhooks in the admin store
// (src/admin/migration/migration-admin.ts); ?dryRun=true (or "dryRun": true in the body) changes nothing.
import { Router } from 'express';
import type { AdminServices } from '../admin/admin-services.ts';
import { validationFailed } from '../admin/field-problem.ts';
import { checkLegacyExport, MIGRATION_QUERY_SCHEMA } from '../admin/migration/legacy-export.ts';
import { MigrationAdmin } from '../admin/migration/migration-admin.ts';
import { authorOf } from './bearer-auth.ts';
import { adminJsonBody } from './json-body.ts';
import { queryReader } from './query-params.ts';

const migrationQuery = queryReader<{ dryRun?: boolean }>(MIGRATION_QUERY_SCHEMA);

export function migrationRouter(admin: AdminServices): Router {
  const router = Router();
  const migrations = new MigrationAdmin(admin);
  router.post('/api/migrations', ...adminJsonBody, async (req, res) => {
    const query = migrationQuery(req);
    const checked = checkLegacyExport(req.body);
    if (!checked.ok) throw validationFailed('the export', checked.problems);
    const { apiCredentials, sinchRegion, dryRun } = checked.value;
    res.json(await migrations.migrate(apiCredentials, { sinchRegion, dryRun: query.dryRun ?? dryRun }, authorOf(res)));
  });
  return router;
}
