// /api/credentials: create, list, get, update, delete. Secrets go in, never out (redacted).
import { Router } from 'express';
import type { CredentialsAdmin } from '../admin/credentials-admin.ts';
import { authorOf } from './bearer-auth.ts';
import { adminJsonBody } from './json-body.ts';

export function credentialsRouter(credentials: CredentialsAdmin): Router {
  const router = Router();
  router.get('/api/credentials', async (_req, res) => {
    res.json({ credentials: await credentials.list() });
  });
  router.post('/api/credentials', ...adminJsonBody, async (req, res) => {
    const created = await credentials.create(req.body, authorOf(res));
    res
      .status(201)
      .location(`/api/credentials/${encodeURIComponent(created.name)}`)
      .json(created);
  });
  router.get('/api/credentials/:name', async (req, res) => {
    res.json(await credentials.get(String(req.params.name)));
  });
  router.put('/api/credentials/:name', ...adminJsonBody, async (req, res) => {
    res.json(await credentials.update(String(req.params.name), req.body, authorOf(res)));
  });
  router.delete('/api/credentials/:name', async (req, res) => {
    await credentials.remove(String(req.params.name));
    res.status(204).end();
  });
  return router;
}
