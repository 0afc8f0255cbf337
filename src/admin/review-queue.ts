// The review queue: fuzzy opt-outs that did not opt the person out, for a person to decide. Each item is shown
// with the person's consent as it stands now, so a reviewer sees a later opt-in before deciding; an opt-out
// decision orders as the reviewed message (the store's transition), so that later opt-in stands anyway.
import type { ConsentSnapshot } from '../consent/consent-state.ts';
import { AppError } from '../errors.ts';
import { ReviewDecidedError } from '../store/review-decided-error.ts';
import type { OutboxReply, ReviewItem, ReviewQuery, Store } from '../store/store.ts';
import type { WebhookDirectory } from '../webhooks/webhook-runtime.ts';
import type { ReviewDecisionBody } from './review-input.ts';

/** Used when the item's webhook is gone: an opt-out reads no pending double opt-in's age anyway. */
const DEFAULT_DOUBLE_OPT_IN_DAYS = 30;

export interface ReviewView extends ReviewItem {
  /** The person's consent now, and whether it changed after the reviewed message (a decision does not undo that). */
  consentNow: ConsentSnapshot & { changedSince: boolean };
}

export class ReviewQueue {
  constructor(
    private readonly store: Store,
    private readonly directory: Pick<WebhookDirectory, 'get'>,
    private readonly now: () => number = Date.now,
  ) {}

  async list(query: ReviewQuery): Promise<ReviewView[]> {
    const items = await this.store.listReviews(query);
    return Promise.all(items.map((item) => this.view(item)));
  }

  async get(id: string): Promise<ReviewView> {
    const item = await this.store.review(id);
    if (!item) throw new AppError('not_found', `no review item ${id}`);
    return this.view(item);
  }

  async decide(id: string, body: ReviewDecisionBody, reviewer: string): Promise<ReviewView> {
    const item = await this.store.review(id);
    if (!item) throw new AppError('not_found', `no review item ${id}`);
    const target = this.directory.get(item.webhookId)?.target;
    try {
      const decided = await this.store.decideReview(id, {
        decision: body.decision,
        note: body.note,
        by: reviewer,
        at: new Date(this.now()).toISOString(),
        doubleOptInExpiresAfterDays: target?.doubleOptInExpiresAfterDays ?? DEFAULT_DOUBLE_OPT_IN_DAYS,
        reply: body.decision === 'opt-out' ? confirmationOf(item, target?.classifier ?? null) : null,
      });
      if (!decided) throw new AppError('not_found', `no review item ${id}`);
      return await this.view(decided);
    } catch (error) {
      if (error instanceof ReviewDecidedError) throw new AppError('conflict', error.message);
      throw error;
    }
  }

  private async view(item: ReviewItem): Promise<ReviewView> {
    const current = await this.store.consent(item.consentKey);
    const changedSince = current.changedAt !== null && current.changedAt > item.eventTime;
    return { ...item, consentNow: { ...current, changedSince } };
  }
}

/** The webhook's opt-out reply, from the number the person texted; none when it has none (or is gone). */
function confirmationOf(
  item: ReviewItem,
  classifier: {
    replyOf(category: 'opt-out', keyword: string | null, context?: { profileNumber?: string }): string | null;
  } | null,
): OutboxReply | null {
  const from = item.inboundNumber ?? item.consentKey.senderNumber;
  const text = classifier?.replyOf('opt-out', item.keyword, { profileNumber: item.consentKey.profileNumber }) ?? null;
  return text === null ? null : { from, to: item.consentKey.profileNumber, text, category: 'opt-out' };
}
