// GET /api/webhooks/:id/subscription-confirmations: the Amazon SNS subscription messages a webhook received
// (src/http/webhook-handshakes.ts), newest first, with the SubscribeURL an admin visits to confirm by hand.
import { Router } from 'express';
import type { AdminServices } from '../admin/admin-services.ts';
import { AppError } from '../errors.ts';
import type { Store } from '../store/store.ts';

export function subscriptionRouter(store: Store, admin: AdminServices): Router {
  const router = Router();
  router.get('/api/webhooks/:id/subscription-confirmations', async (req, res) => {
    const webhookId = String(req.params.id);
    const records = await store.subscriptionConfirmations(webhookId);
    if (records.length === 0 && !admin.directory.get(webhookId))
      throw new AppError('not_found', `no webhook ${webhookId}`);
    res.json({
      webhookId,
      confirmations: records.map(({ webhookId: _webhook, ...confirmation }) => confirmation),
    });
  });
  return router;
}
