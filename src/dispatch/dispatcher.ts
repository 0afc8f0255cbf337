// Drains the outbox: leases due entries, applies the reply guard, sends through the webhook's vendor and
// settles each attempt. Exactly once rests on the store's leases (an attempt is recorded before its send, a
// lost lease cannot settle) and on asking the vendor about an attempt whose outcome is unknown (`inDoubt`)
// before sending again. A vendor that cannot be asked (no `lookup`: Sinch Conversation, Custom) gets the reply
// again in that case: a possible duplicate, logged as such.
// Entries of one recipient are handled one after another, so the guard sees the previous reply; recipients
// run concurrently.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { LeasedOutboxEntry, OutboxSettlement, Store } from '../store/store.ts';
import { COMPLIANCE_CATEGORIES, DEFAULT_REPLY_GUARD_POLICY, guardReply, type ReplyGuardPolicy } from './reply-guard.ts';
import { DEFAULT_RETRY_POLICY, nextRetry, type RetryPolicy } from './retry-policy.ts';
import { retryableFailure, unknownOutcome, type SendClient, type SendFailure } from '../send/send-client.ts';

export type ClientFor = (webhookId: string) => SendClient | null | Promise<SendClient | null>;

export interface DispatcherOptions {
  store: Store;
  /** The send client of a webhook; null when it has none (no credentials yet): the entry is retried, then failed. */
  clientFor: ClientFor;
  logger: Logger;
  owner?: string; // default host:pid:random
  pollIntervalMs?: number; // default 1000
  leaseMs?: number; // default 60 s; a send is aborted when 20 % of it is left, so it ends before another can lease
  batchSize?: number; // default 50
  retryPolicy?: RetryPolicy;
  guardPolicy?: ReplyGuardPolicy;
  now?: () => number;
  random?: () => number;
}

export interface DispatchReport {
  leased: number;
  sent: number;
  retried: number;
  failed: number;
  suppressed: number;
  lost: number; // settlements refused because the lease was taken by another
}

type Outcome = Exclude<keyof DispatchReport, 'leased'>;

export class Dispatcher {
  readonly owner: string;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly retryPolicy: RetryPolicy;
  private readonly guardPolicy: ReplyGuardPolicy;
  private readonly now: () => number;
  private readonly random: () => number;
  private controller = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(private readonly options: DispatcherOptions) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 50;
    this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.guardPolicy = options.guardPolicy ?? DEFAULT_REPLY_GUARD_POLICY;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** Polls until stop(); a full batch is followed at once by the next. */
  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    const signal = this.controller.signal;
    this.loop = (async () => {
      while (!signal.aborted) {
        let leased = 0;
        try {
          leased = (await this.runOnce(signal)).leased;
        } catch (error) {
          this.options.logger.error({ err: error }, 'dispatcher: could not lease outbox entries');
        }
        if (leased < this.batchSize) await sleep(this.pollIntervalMs, signal);
      }
    })();
  }

  /** Aborts in-flight sends (they settle as retries in doubt) and waits for the loop to end. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
    this.loop = null;
  }

  /** One lease of due entries, each handled to its settlement. */
  async runOnce(signal: AbortSignal = this.controller.signal): Promise<DispatchReport> {
    const entries = await this.options.store.leaseOutbox(this.owner, iso(this.now()), this.leaseMs, this.batchSize);
    const report: DispatchReport = { leased: entries.length, sent: 0, retried: 0, failed: 0, suppressed: 0, lost: 0 };
    const byRecipient = new Map<string, LeasedOutboxEntry[]>();
    for (const entry of entries) {
      const queue = byRecipient.get(entry.reply.to);
      if (queue === undefined) byRecipient.set(entry.reply.to, [entry]);
      else queue.push(entry);
    }
    await Promise.all(
      [...byRecipient.values()].map(async (queue) => {
        for (const entry of queue) {
          try {
            report[await this.dispatch(entry, signal)] += 1;
          } catch (error) {
            // The store failed mid-way: the lease expires and the entry comes back in doubt.
            this.options.logger.error({ err: error, outboxId: entry.id }, 'dispatcher: could not settle an outbox entry');
          }
        }
      }),
    );
    return report;
  }

  private async dispatch(entry: LeasedOutboxEntry, shutdown: AbortSignal): Promise<Outcome> {
    const log = this.options.logger.child({ outboxId: entry.id, webhookId: entry.webhookId, attempt: entry.lease.attempt });
    let client: SendClient | null;
    try {
      client = await this.options.clientFor(entry.webhookId);
    } catch (error) {
      return this.afterFailure(entry, retryableFailure(`no send client for webhook ${entry.webhookId}: ${messageOf(error)}`), log);
    }
    if (client === null) {
      return this.afterFailure(entry, retryableFailure(`no credentials configured for webhook ${entry.webhookId}`), log);
    }

    if (entry.inDoubt) {
      if (client.lookup) {
        const found = await client.lookup({ outboxId: entry.id, since: entry.createdAt }, shutdown);
        if (found.kind === 'found') {
          log.info({ providerMessageId: found.providerMessageId }, 'dispatcher: the vendor already has this reply; not sent again');
          return this.settle(entry, { outcome: 'sent', providerMessageId: found.providerMessageId, at: iso(this.now()) }, 'sent', log);
        }
        if (found.kind === 'unknown') {
          return this.afterFailure(entry, unknownOutcome(`an earlier attempt may have been sent and ${found.reason}`), log);
        }
      } else {
        log.warn('dispatcher: an earlier attempt may have reached the vendor, which cannot be asked; sending again may duplicate the reply');
      }
    }
    if (entry.attempts > this.retryPolicy.maxAttempts) {
      return this.settle(entry, { outcome: 'failed', reason: `gave up after ${entry.attempts - 1} attempts whose outcome is unknown`, at: iso(this.now()) }, 'failed', log);
    }

    const verdict = await this.guard(entry);
    if (!verdict.send) return this.settle(entry, { outcome: 'suppressed', reason: verdict.reason, at: iso(this.now()) }, 'suppressed', log);

    // Abort before the lease runs out, so no other dispatcher leases the entry while this send may still land;
    // an entry whose lease ran short while earlier replies to its recipient were sent is released unsent.
    const leaseLeft = Date.parse(entry.nextAttemptAt ?? entry.createdAt) - this.now() - Math.floor(this.leaseMs * 0.2);
    if (leaseLeft < this.leaseMs * 0.3) {
      return this.settle(entry, { outcome: 'retry', reason: 'released unsent: its lease ran short', nextAttemptAt: iso(this.now()), inDoubt: entry.inDoubt, at: iso(this.now()) }, 'retried', log);
    }
    const deadline = AbortSignal.timeout(leaseLeft);
    const outcome = await client.send(
      { outboxId: entry.id, from: entry.reply.from, to: entry.reply.to, text: entry.reply.text },
      AbortSignal.any([shutdown, deadline]),
    );
    if (outcome.ok) {
      return this.settle(entry, { outcome: 'sent', providerMessageId: outcome.providerMessageId, at: iso(this.now()) }, 'sent', log);
    }
    return this.afterFailure(entry, outcome, log);
  }

  private async guard(entry: LeasedOutboxEntry): Promise<{ send: boolean; reason: string }> {
    const category = entry.reply.category;
    if (COMPLIANCE_CATEGORIES.has(category)) return guardReply({ category, at: entry.createdAt, inboundText: '', lastAutoReplyAt: null, recentInboundAt: [], recentReplies: [] });
    const window = Math.max(this.guardPolicy.rateLimitMs, this.guardPolicy.echoWindowMs, this.guardPolicy.loopWindowMs);
    const history = await this.options.store.replyHistory({
      webhookId: entry.webhookId,
      requestId: entry.requestId,
      to: entry.reply.to,
      since: iso(Date.parse(entry.createdAt) - window),
      excludeOutboxId: entry.id,
    });
    // A reply still being sent counts only when it was queued first: of two racing auto-replies, the older goes.
    const replies = history.replies.filter((reply) => reply.state === 'sent' || reply.queuedAt < entry.createdAt);
    const lastAuto = replies.find((reply) => reply.from === entry.reply.from && !COMPLIANCE_CATEGORIES.has(reply.category));
    return guardReply(
      {
        category,
        at: entry.createdAt,
        inboundText: history.inboundText,
        lastAutoReplyAt: lastAuto?.at ?? null,
        recentInboundAt: history.inboundAt,
        recentReplies: replies.map((reply) => ({ text: reply.text, at: reply.at })),
      },
      this.guardPolicy,
    );
  }

  private async afterFailure(entry: LeasedOutboxEntry, failure: SendFailure, log: Logger): Promise<Outcome> {
    const at = this.now();
    const decision = nextRetry(entry.attempts, failure, this.retryPolicy, this.random);
    if (!decision.retry) return this.settle(entry, { outcome: 'failed', reason: decision.reason, at: iso(at) }, 'failed', log);
    const inDoubt = entry.inDoubt || failure.mayHaveSent === true;
    const settlement: OutboxSettlement = { outcome: 'retry', reason: failure.reason, nextAttemptAt: iso(at + decision.delayMs), inDoubt, at: iso(at) };
    return this.settle(entry, settlement, 'retried', log);
  }

  private async settle(entry: LeasedOutboxEntry, settlement: OutboxSettlement, outcome: Outcome, log: Logger): Promise<Outcome> {
    const held = await this.options.store.settleOutbox(entry.id, entry.lease, settlement);
    if (!held) {
      log.warn({ outcome: settlement.outcome }, 'dispatcher: the lease was taken by another dispatcher before this attempt settled');
      return 'lost';
    }
    const fields = 'reason' in settlement ? { reason: settlement.reason } : { providerMessageId: settlement.providerMessageId };
    if (outcome === 'failed') log.warn(fields, 'dispatcher: reply failed');
    else log.info(fields, `dispatcher: reply ${settlement.outcome}`);
    return outcome;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
