// /api/reviews: the review queue of fuzzy opt-outs that did not opt the person out, and a reviewer's decision.
import { Router } from 'express';
import { ReviewQueue } from '../admin/review-queue.ts';
import { reviewDecisionOf } from '../admin/review-input.ts';
import type { Store } from '../store/store.ts';
import type { WebhookDirectory } from '../webhooks/webhook-runtime.ts';
import { authorOf } from './bearer-auth.ts';
import { adminJsonBody } from './json-body.ts';
import { isoTime, queryReader, REVIEWS_QUERY_SCHEMA } from './query-params.ts';

const reviewsQuery = queryReader<{ state: 'open' | 'resolved'; webhookId?: string; since?: string; limit: number }>(
  REVIEWS_QUERY_SCHEMA,
);

export function reviewRouter(store: Store, directory: Pick<WebhookDirectory, 'get'>): Router {
  const queue = new ReviewQueue(store, directory);
  const router = Router();
  router.get('/api/reviews', async (req, res) => {
    const { since, webhookId, ...query } = reviewsQuery(req);
    const reviews = await queue.list({
      ...query,
      ...(webhookId ? { webhookId } : {}),
      ...(since ? { since: isoTime(since, 'since') } : {}),
    });
    res.json({ reviews });
  });
  router.get('/api/reviews/:id', async (req, res) => {
    res.json(await queue.get(String(req.params.id)));
  });
  router.post('/api/reviews/:id', ...adminJsonBody, async (req, res) => {
    res.json(await queue.decide(String(req.params.id), reviewDecisionOf(req.body), authorOf(res)));
  });
  return router;
}
