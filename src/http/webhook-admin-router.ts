// /api/webhooks: list, create, get (URL, status, revisions), update, delete. A body is a rule file, read as
// the exact text sent so its problems come back with line and column.
import { relative, sep } from 'node:path';
import express, { Router, type Request } from 'express';
import type { AdminServices } from '../admin/admin-services.ts';
import type { WebhookRevision } from '../admin/admin-store.ts';
import { AppError } from '../errors.ts';
import { webhookUrl, type WebhookRuntime } from '../webhooks/webhook-runtime.ts';
import { authorOf } from './bearer-auth.ts';
import { BODY_LIMIT_BYTES, requireJsonContentType } from './json-body.ts';

const ruleText = [requireJsonContentType, express.text({ type: () => true, limit: BODY_LIMIT_BYTES })];

export function webhookAdminRouter(admin: AdminServices, publicUrl: string): Router {
  const router = Router();
  const view = (webhook: WebhookRuntime) => {
    const inactiveReason = admin.directory.inactiveReason(webhook);
    return {
      ...webhook.summary,
      // Relative to OPTLINE_RULES, as an admin finds it in the rules repository (the absolute path tells nothing).
      file: webhook.summary.file === null ? null : relative(admin.rulesDir, webhook.summary.file).split(sep).join('/'),
      url: webhookUrl(publicUrl, webhook),
      active: inactiveReason === null,
      inactiveReason,
      warning: webhook.warning,
    };
  };
  const found = (req: Request): WebhookRuntime => {
    const webhook = admin.directory.get(String(req.params.id));
    if (!webhook) throw new AppError('not_found', `no webhook ${String(req.params.id)}`);
    return webhook;
  };

  router.get('/api/webhooks', (_req, res) => {
    res.json({ webhooks: admin.directory.list().map(view) });
  });

  router.post('/api/webhooks', ...ruleText, async (req, res) => {
    const webhook = await admin.webhooks.create(textOf(req), authorOf(res));
    res
      .status(201)
      .location(`/api/webhooks/${webhook.summary.id}`)
      .json({ ...view(webhook), revisions: await revisionsOf(admin, webhook) });
  });

  router.get('/api/webhooks/:id', async (req, res) => {
    const webhook = found(req);
    res.json({ ...view(webhook), revisions: await revisionsOf(admin, webhook) });
  });

  router.put('/api/webhooks/:id', ...ruleText, async (req, res) => {
    const webhook = await admin.webhooks.update(String(req.params.id), textOf(req), authorOf(res));
    res.json({ ...view(webhook), revisions: await revisionsOf(admin, webhook) });
  });

  router.delete('/api/webhooks/:id', async (req, res) => {
    await admin.webhooks.remove(String(req.params.id), authorOf(res));
    res.status(204).end();
  });

  router.get('/api/webhooks/:id/revisions', async (req, res) => {
    const id = String(req.params.id);
    const revisions = await admin.webhooks.revisions(id);
    if (revisions.length === 0 && !admin.directory.get(id)) throw new AppError('not_found', `no webhook ${id}`);
    res.json({ webhookId: id, revisions: revisions.map(revisionView) });
  });

  return router;
}

async function revisionsOf(admin: AdminServices, webhook: WebhookRuntime) {
  return webhook.summary.source === 'api' ? (await admin.webhooks.revisions(webhook.summary.id)).map(revisionView) : [];
}

function revisionView(revision: WebhookRevision) {
  return {
    revision: revision.revision,
    at: revision.at,
    author: revision.author,
    diff: revision.diff,
    content: revision.content,
    deleted: revision.content === null,
  };
}

function textOf(req: Request): string {
  return typeof req.body === 'string' ? req.body : '';
}
