// POST /api/classify: the decision and explanation `optline classify` gives, for the console; nothing is stored.
import { Router } from 'express';
import type { AdminServices } from '../admin/admin-services.ts';
import { CLASSIFY_SCHEMA, classifyTrial, type ClassifyInput } from '../admin/classification-trial.ts';
import { validationFailed } from '../admin/field-problem.ts';
import { schemaCheck } from '../admin/schema-check.ts';
import { adminJsonBody } from './json-body.ts';

const checkInput = schemaCheck<ClassifyInput>(CLASSIFY_SCHEMA);

export function classifyRouter(admin: AdminServices): Router {
  const router = Router();
  router.post('/api/classify', ...adminJsonBody, async (req, res) => {
    const checked = checkInput(req.body);
    if (!checked.ok) throw validationFailed('the classification', checked.problems);
    res.json(await classifyTrial(checked.value, { directory: admin.directory, webhooks: admin.webhooks }));
  });
  return router;
}
