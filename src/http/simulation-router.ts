// POST /api/webhooks/:id/simulate: proposed rules (a rule-file body, validated as a webhook update is) replayed
// on the webhook's stored inbound texts; the report says what would change. Nothing is written.
import express, { Router } from 'express';
import type { AdminServices } from '../admin/admin-services.ts';
import { validationFailed } from '../admin/field-problem.ts';
import { AppError } from '../errors.ts';
import { simulateRules } from '../simulation/simulate-rules.ts';
import type { Store } from '../store/store.ts';
import { BODY_LIMIT_BYTES, requireJsonContentType } from './json-body.ts';
import { isoTime, queryReader, SIMULATE_QUERY_SCHEMA } from './query-params.ts';

const simulateQuery = queryReader<{ since?: string; limit: number; showText: boolean }>(SIMULATE_QUERY_SCHEMA);
const ruleText = [requireJsonContentType, express.text({ type: () => true, limit: BODY_LIMIT_BYTES })];

export function simulationRouter(store: Store, admin: AdminServices): Router {
  const router = Router();
  router.post('/api/webhooks/:id/simulate', ...ruleText, async (req, res) => {
    const id = String(req.params.id);
    const query = simulateQuery(req);
    if (!admin.directory.get(id)) throw new AppError('not_found', `no webhook ${id}`);
    const definition = await admin.webhooks.validate(typeof req.body === 'string' ? req.body : '');
    if (definition.classifier === null)
      throw validationFailed('the rules', [
        { path: '', message: 'is a feedback webhook: it has no keywords to classify with' },
      ]);
    const report = await simulateRules(store, definition.classifier, {
      webhookId: id,
      ...(query.since ? { since: isoTime(query.since, 'since') } : {}),
      limit: query.limit,
      showText: query.showText,
    });
    res.json(report);
  });
  return router;
}
