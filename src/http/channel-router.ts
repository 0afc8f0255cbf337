// /api/channel-configurations: create, list, get, update, delete.
import { Router } from 'express';
import type { ChannelAdmin } from '../admin/channel-admin.ts';
import { authorOf } from './bearer-auth.ts';
import { adminJsonBody } from './json-body.ts';

export function channelRouter(channels: ChannelAdmin): Router {
  const router = Router();
  router.get('/api/channel-configurations', async (_req, res) => {
    res.json({ channelConfigurations: await channels.list() });
  });
  router.post('/api/channel-configurations', ...adminJsonBody, async (req, res) => {
    const created = await channels.create(req.body, authorOf(res));
    res
      .status(201)
      .location(`/api/channel-configurations/${encodeURIComponent(created.name)}`)
      .json(created);
  });
  router.get('/api/channel-configurations/:name', async (req, res) => {
    res.json(await channels.get(String(req.params.name)));
  });
  router.put('/api/channel-configurations/:name', ...adminJsonBody, async (req, res) => {
    res.json(await channels.update(String(req.params.name), req.body, authorOf(res)));
  });
  router.delete('/api/channel-configurations/:name', async (req, res) => {
    await channels.remove(String(req.params.name));
    res.status(204).end();
  });
  return router;
}
