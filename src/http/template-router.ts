// /api/templates: the console's template workbench. Compile a payload template, or extract a provider's body
// with it; nothing is stored.
import { Router } from 'express';
import { validationFailed } from '../admin/field-problem.ts';
import { schemaCheck } from '../admin/schema-check.ts';
import {
  checkTemplate,
  extractWithTemplate,
  TEMPLATE_CHECK_SCHEMA,
  TEMPLATE_EXTRACT_SCHEMA,
} from '../admin/template-trial.ts';
import type { EventKind } from '../events.ts';
import { adminJsonBody } from './json-body.ts';

const checkInput = schemaCheck<{ kind: EventKind; template: string }>(TEMPLATE_CHECK_SCHEMA);
const extractInput = schemaCheck<{ kind: EventKind; template: string; payload: string; contentType?: string }>(
  TEMPLATE_EXTRACT_SCHEMA,
);

export function templateRouter(): Router {
  const router = Router();
  router.post('/api/templates/check', ...adminJsonBody, (req, res) => {
    const checked = checkInput(req.body);
    if (!checked.ok) throw validationFailed('the template check', checked.problems);
    res.json(checkTemplate(checked.value));
  });
  router.post('/api/templates/extract', ...adminJsonBody, (req, res) => {
    const checked = extractInput(req.body);
    if (!checked.ok) throw validationFailed('the extraction', checked.problems);
    res.json(extractWithTemplate(checked.value));
  });
  return router;
}
