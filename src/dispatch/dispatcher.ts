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
import type { OpsObserver } from '../ops-observer.ts';
import { errorForLog } from '../logged-error.ts';
import { announces, CONSENT_REPLY_CATEGORIES, SUPERSEDING_WINDOW_MS, supersededReply } from './superseded-reply.ts';

/** How often an idle dispatcher looks for due entries: the longest a queued reply waits for its first attempt. */
const DEFAULT_POLL_INTERVAL_MS = 1000;
/**
 * How long a lease holds an entry. One lease covers every leased entry of a recipient, sent one after another,
 * each with a lookup and a send bounded by the 10 s send timeout (send/provider-request.ts): 60 s lets a few go
 * in one lease, and a dispatcher that died holds its entries no longer than a minute.
 */
const DEFAULT_LEASE_MS = 60_000;
/** Entries leased per round. A full batch is followed at once by the next, so this bounds one store read. */
const DEFAULT_BATCH_SIZE = 50;
/**
 * A send is aborted when this share of its lease is left, so that it ends and settles before the lease
 * lapses and another dispatcher may take the entry: room for the settling write and for clock skew.
 */
const LEASE_SAFETY_SHARE = 0.2;
/**
 * An entry with less than this share of the lease left to send in is released unsent rather than sent in a
 * hurry: 30 % of the default 60 s is 18 s, more than the 10 s send timeout, so a send that starts can finish.
 */
const MIN_SEND_SHARE = 0.3;

export type ClientFor = (webhookId: string) => SendClient | null | Promise<SendClient | null>;

/** Sends in flight at once per credentials: one provider's latency holds its own replies, not the others'. */
const DEFAULT_SENDS_PER_CREDENTIALS = 4;
/** Entries in flight at once across all providers, before the loop waits for one to settle to lease more. */
const MAX_IN_FLIGHT_BATCHES = 8;

export interface DispatcherOptions {
  store: Store;
  /** The send client of a webhook; null when it has none (no credentials yet): the entry is retried, then failed. */
  clientFor: ClientFor;
  logger: Logger;
  /**
   * Why the webhook's credentials cannot send from this number (no channel configuration attaches them to it),
   * or null. Such a reply is suppressed with that reason rather than sent from another number. Default: none.
   */
  senderRefusal?: (webhookId: string, from: string) => string | null;
  /** Which credentials a webhook sends with, to bound sends per credentials. Default: one key per webhook. */
  credentialsOf?: (webhookId: string) => string | null;
  sendsPerCredentials?: number; // default DEFAULT_SENDS_PER_CREDENTIALS
  owner?: string; // default host:pid:random
  pollIntervalMs?: number; // default DEFAULT_POLL_INTERVAL_MS
  leaseMs?: number; // default DEFAULT_LEASE_MS; a send is aborted when LEASE_SAFETY_SHARE of it is left
  batchSize?: number; // default DEFAULT_BATCH_SIZE
  retryPolicy?: RetryPolicy;
  guardPolicy?: ReplyGuardPolicy;
  now?: () => number;
  random?: () => number;
  /** Told of each settled attempt (metrics). */
  observer?: Pick<OpsObserver, 'replySettled'>;
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
  /** Sends running per credentials key, and the sends waiting for a slot. */
  private readonly slots = new Map<string, { running: number; waiting: Array<() => void> }>();
  /** The last queue started per recipient: a later lease of the same recipient runs after it. */
  private readonly recipients = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: DispatcherOptions) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.guardPolicy = options.guardPolicy ?? DEFAULT_REPLY_GUARD_POLICY;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /**
   * Polls until stop(); a full batch is followed at once by the next. Leased entries are sent in the background,
   * so a slow or hanging provider does not hold the next lease (issue 15, finding 10): only its own
   * credentials' slots, and at most MAX_IN_FLIGHT_BATCHES batches in flight in all.
   */
  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    const signal = this.controller.signal;
    this.loop = (async () => {
      while (!signal.aborted) {
        let leased = 0;
        try {
          if (this.inFlight.size >= this.batchSize * MAX_IN_FLIGHT_BATCHES) await Promise.race(this.inFlight);
          else leased = this.startLeased(await this.lease(), signal);
        } catch (error) {
          this.options.logger.error({ err: errorForLog(error) }, 'dispatcher: could not lease outbox entries');
        }
        if (leased < this.batchSize) await sleep(this.pollIntervalMs, signal);
      }
      await Promise.all(this.inFlight);
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
    const entries = await this.lease();
    const report: DispatchReport = { leased: entries.length, sent: 0, retried: 0, failed: 0, suppressed: 0, lost: 0 };
    await Promise.all(this.queues(entries, signal, report));
    return report;
  }

  private lease(): Promise<LeasedOutboxEntry[]> {
    return this.options.store.leaseOutbox(this.owner, iso(this.now()), this.leaseMs, this.batchSize);
  }

  /** Starts the entries' queues in the background; how many entries were leased. */
  private startLeased(entries: LeasedOutboxEntry[], signal: AbortSignal): number {
    const report: DispatchReport = { leased: entries.length, sent: 0, retried: 0, failed: 0, suppressed: 0, lost: 0 };
    for (const queue of this.queues(entries, signal, report)) {
      this.inFlight.add(queue);
      void queue.finally(() => this.inFlight.delete(queue));
    }
    return entries.length;
  }

  /** One promise per recipient: its entries one after another, after any queue of the same recipient running. */
  private queues(entries: LeasedOutboxEntry[], signal: AbortSignal, report: DispatchReport): Promise<void>[] {
    const byRecipient = new Map<string, LeasedOutboxEntry[]>();
    for (const entry of entries) {
      const queue = byRecipient.get(entry.reply.to);
      if (queue === undefined) byRecipient.set(entry.reply.to, [entry]);
      else queue.push(entry);
    }
    return [...byRecipient].map(([to, queue]) => {
      const previous = this.recipients.get(to) ?? Promise.resolve();
      const done = previous.then(async () => {
        for (const entry of queue) {
          try {
            report[await this.withSlot(entry.webhookId, () => this.dispatch(entry, signal))] += 1;
          } catch (error) {
            // The store failed mid-way: the lease expires and the entry comes back in doubt.
            this.options.logger.error(
              { err: errorForLog(error, [entry.reply.text]), outboxId: entry.id },
              'dispatcher: could not settle an outbox entry',
            );
          }
        }
      });
      this.recipients.set(to, done);
      void done.finally(() => {
        if (this.recipients.get(to) === done) this.recipients.delete(to);
      });
      return done;
    });
  }

  /** Runs `work` when its webhook's credentials have a free slot. */
  private async withSlot<T>(webhookId: string, work: () => Promise<T>): Promise<T> {
    const key = this.options.credentialsOf?.(webhookId) ?? `webhook:${webhookId}`;
    const limit = this.options.sendsPerCredentials ?? DEFAULT_SENDS_PER_CREDENTIALS;
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = { running: 0, waiting: [] };
      this.slots.set(key, slot);
    }
    const held = slot;
    if (held.running >= limit) await new Promise<void>((resume) => held.waiting.push(resume));
    else held.running += 1;
    try {
      return await work();
    } finally {
      const next = held.waiting.shift();
      if (next !== undefined)
        next(); // the slot passes to the next waiting send
      else if (--held.running === 0) this.slots.delete(key);
    }
  }

  private async dispatch(entry: LeasedOutboxEntry, shutdown: AbortSignal): Promise<Outcome> {
    const log = this.options.logger.child({
      outboxId: entry.id,
      webhookId: entry.webhookId,
      attempt: entry.lease.attempt,
    });
    const refusal = this.options.senderRefusal?.(entry.webhookId, entry.reply.from) ?? null;
    if (refusal !== null)
      return this.settle(entry, { outcome: 'suppressed', reason: refusal, at: iso(this.now()) }, 'suppressed', log);
    let client: SendClient | null;
    try {
      client = await this.options.clientFor(entry.webhookId);
    } catch (error) {
      return this.afterFailure(
        entry,
        retryableFailure(`no send client for webhook ${entry.webhookId}: ${messageOf(error)}`),
        log,
      );
    }
    if (client === null) {
      return this.afterFailure(
        entry,
        retryableFailure(`no credentials configured for webhook ${entry.webhookId}`),
        log,
      );
    }

    if (entry.inDoubt) {
      if (client.lookup) {
        const found = await client.lookup({ outboxId: entry.id, since: entry.createdAt }, shutdown);
        if (found.kind === 'found') {
          log.info(
            { providerMessageId: found.providerMessageId },
            'dispatcher: the vendor already has this reply; not sent again',
          );
          return this.settle(
            entry,
            { outcome: 'sent', providerMessageId: found.providerMessageId, at: iso(this.now()) },
            'sent',
            log,
          );
        }
        if (found.kind === 'unknown') {
          return this.afterFailure(
            entry,
            unknownOutcome(`an earlier attempt may have been sent and ${found.reason}`),
            log,
          );
        }
      } else {
        log.warn(
          'dispatcher: an earlier attempt may have reached the vendor, which cannot be asked; sending again may duplicate the reply',
        );
      }
    }
    if (entry.attempts > this.retryPolicy.maxAttempts) {
      return this.settle(
        entry,
        {
          outcome: 'failed',
          reason: `gave up after ${entry.attempts - 1} attempts whose outcome is unknown`,
          at: iso(this.now()),
        },
        'failed',
        log,
      );
    }

    const verdict = await this.guard(entry);
    if (!verdict.send)
      return this.settle(
        entry,
        { outcome: 'suppressed', reason: verdict.reason, at: iso(this.now()) },
        'suppressed',
        log,
      );

    // Abort before the lease runs out, so no other dispatcher leases the entry while this send may still land;
    // an entry whose lease ran short while earlier replies to its recipient were sent is released unsent.
    const leaseLeft =
      Date.parse(entry.nextAttemptAt ?? entry.createdAt) - this.now() - Math.floor(this.leaseMs * LEASE_SAFETY_SHARE);
    if (leaseLeft < this.leaseMs * MIN_SEND_SHARE) {
      return this.settle(
        entry,
        {
          outcome: 'retry',
          reason: 'released unsent: its lease ran short',
          nextAttemptAt: iso(this.now()),
          inDoubt: entry.inDoubt,
          at: iso(this.now()),
        },
        'retried',
        log,
      );
    }
    const deadline = AbortSignal.timeout(leaseLeft);
    const outcome = await client.send(
      { outboxId: entry.id, from: entry.reply.from, to: entry.reply.to, text: entry.reply.text },
      AbortSignal.any([shutdown, deadline]),
    );
    if (outcome.ok) {
      return this.settle(
        entry,
        { outcome: 'sent', providerMessageId: outcome.providerMessageId, at: iso(this.now()) },
        'sent',
        log,
      );
    }
    return this.afterFailure(entry, outcome, log);
  }

  private async guard(entry: LeasedOutboxEntry): Promise<{ send: boolean; reason: string }> {
    const category = entry.reply.category;
    const superseded = await this.superseded(entry);
    if (superseded !== null) return { send: false, reason: superseded };
    if (COMPLIANCE_CATEGORIES.has(category))
      return guardReply({
        category,
        at: entry.createdAt,
        inboundText: '',
        lastAutoReplyAt: null,
        recentInboundAt: [],
        recentReplies: [],
      });
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
    const lastAuto = replies.find(
      (reply) => reply.from === entry.reply.from && !COMPLIANCE_CATEGORIES.has(reply.category),
    );
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

  /** Why a consent reply the consent has moved away from is not sent (superseded-reply.ts), or null. */
  private async superseded(entry: LeasedOutboxEntry): Promise<string | null> {
    const { category, to } = entry.reply;
    if (!CONSENT_REPLY_CATEGORIES.has(category)) return null;
    const current = await this.options.store.consentOfEvent(entry.webhookId, entry.requestId);
    if (current === null || announces(category, current.state)) return null;
    const history = await this.options.store.replyHistory({
      webhookId: entry.webhookId,
      requestId: entry.requestId,
      to,
      since: iso(Date.parse(entry.createdAt) - SUPERSEDING_WINDOW_MS),
      excludeOutboxId: entry.id,
    });
    const sent = history.replies.filter((reply) => reply.state === 'sent').map((reply) => reply.category);
    return supersededReply(category, current.state, sent);
  }

  private async afterFailure(entry: LeasedOutboxEntry, failure: SendFailure, log: Logger): Promise<Outcome> {
    const at = this.now();
    const decision = nextRetry(entry.attempts, failure, this.retryPolicy, this.random);
    if (!decision.retry)
      return this.settle(entry, { outcome: 'failed', reason: decision.reason, at: iso(at) }, 'failed', log);
    const inDoubt = entry.inDoubt || failure.mayHaveSent === true;
    const settlement: OutboxSettlement = {
      outcome: 'retry',
      reason: failure.reason,
      nextAttemptAt: iso(at + decision.delayMs),
      inDoubt,
      at: iso(at),
    };
    return this.settle(entry, settlement, 'retried', log);
  }

  private async settle(
    entry: LeasedOutboxEntry,
    settlement: OutboxSettlement,
    outcome: Outcome,
    log: Logger,
  ): Promise<Outcome> {
    const held = await this.options.store.settleOutbox(entry.id, entry.lease, settlement);
    if (!held) {
      log.warn(
        { outcome: settlement.outcome },
        'dispatcher: the lease was taken by another dispatcher before this attempt settled',
      );
      return 'lost';
    }
    this.options.observer?.replySettled({
      webhookId: entry.webhookId,
      category: entry.reply.category,
      result: outcome,
      queuedAt: entry.createdAt,
      settledAtMs: this.now(),
    });
    const fields =
      'reason' in settlement ? { reason: settlement.reason } : { providerMessageId: settlement.providerMessageId };
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
