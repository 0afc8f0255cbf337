// The service's Prometheus metrics (prom-client), fed through the OpsObserver the layers call. Each instance
// has its own registry (no global state), so tests and several services in one process do not collide. Label
// values are bounded: a webhook label is a known webhook's id (never its secret), at most MAX_WEBHOOK_LABELS of
// them; anything else counts under "unknown" (a URL naming no webhook) or "other" (past the bound).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { OpsObserver, CallbackAnswer, ReplySettlement } from '../ops-observer.ts';

const MAX_WEBHOOK_LABELS = 200;
/** The category whose reply confirms an opt-out: its acceptance by the provider ends the compliance clock. */
const OPT_OUT_CATEGORY = 'opt-out';

export interface PrometheusMetricsDeps {
  /** Whether a webhook id is configured now (a URL may name any id). */
  isWebhook(webhookId: string): boolean;
  /** The vendor a webhook sends through, or null. */
  vendorOf(webhookId: string): string | null;
  /** The outbox's entries per state, read when scraped (null: the store cannot say now). */
  outboxCounts?: () => Promise<Record<string, number> | null>;
  /** Default metrics of the process (event-loop lag, heap, ...); default true. */
  processMetrics?: boolean;
}

export class PrometheusMetrics implements OpsObserver {
  readonly registry = new Registry();
  private readonly webhookLabels = new Set<string>();
  private readonly callbacks: Counter<'webhook' | 'kind' | 'status'>;
  private readonly callbackDuration: Histogram<'webhook'>;
  private readonly decisions: Counter<'webhook' | 'category'>;
  private readonly consentChanges: Counter<'webhook' | 'to'>;
  private readonly replies: Counter<'vendor' | 'result'>;
  private readonly optOutConfirmation: Histogram;
  private readonly commitGroupSize: Histogram;

  constructor(private readonly deps: PrometheusMetricsDeps) {
    const registers = [this.registry];
    this.callbacks = new Counter({
      name: 'optline_callbacks_total',
      help: 'Provider callbacks answered, by webhook, what they carried and HTTP status',
      labelNames: ['webhook', 'kind', 'status'],
      registers,
    });
    this.callbackDuration = new Histogram({
      name: 'optline_callback_duration_seconds',
      help: 'Time from a callback received to its acknowledgement',
      labelNames: ['webhook'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.decisions = new Counter({
      name: 'optline_decisions_total',
      help: 'Inbound messages classified, by webhook and decision category (none: not classified)',
      labelNames: ['webhook', 'category'],
      registers,
    });
    this.consentChanges = new Counter({
      name: 'optline_consent_changes_total',
      help: 'Consent changes, by webhook and the state moved to',
      labelNames: ['webhook', 'to'],
      registers,
    });
    this.replies = new Counter({
      name: 'optline_replies_total',
      help: 'Reply attempts settled by this instance, by vendor and result',
      labelNames: ['vendor', 'result'],
      registers,
    });
    this.optOutConfirmation = new Histogram({
      name: 'optline_optout_confirmation_seconds',
      help: 'Time from an opt-out received to its confirmation accepted by the provider (the compliance clock)',
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 86_400],
      registers,
    });
    this.commitGroupSize = new Histogram({
      name: 'optline_store_commit_group_size',
      help: 'Writes committed together in one transaction of the embedded store',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000],
      registers,
    });
    const outboxCounts = deps.outboxCounts;
    if (outboxCounts) {
      new Gauge({
        name: 'optline_outbox_entries',
        help: 'Outbox entries by state (on MongoDB from each entry state hint, which may lag a step)',
        labelNames: ['state'],
        registers,
        async collect() {
          const counts = await outboxCounts().catch(() => null);
          this.reset();
          for (const [state, count] of Object.entries(counts ?? {})) this.set({ state }, count);
        },
      });
    }
    if (deps.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  callbackAnswered(answer: CallbackAnswer): void {
    const webhook = this.webhookLabel(answer.webhookId);
    this.callbacks.inc({ webhook, kind: answer.kind, status: String(answer.status) });
    this.callbackDuration.observe({ webhook }, answer.seconds);
  }

  inboundRecorded(webhookId: string, category: string | null, consentTo: string | null): void {
    const webhook = this.webhookLabel(webhookId);
    this.decisions.inc({ webhook, category: category ?? 'none' });
    if (consentTo !== null) this.consentChanges.inc({ webhook, to: consentTo });
  }

  replySettled(settlement: ReplySettlement): void {
    this.replies.inc({ vendor: this.deps.vendorOf(settlement.webhookId) ?? 'unknown', result: settlement.result });
    if (settlement.category === OPT_OUT_CATEGORY && settlement.result === 'sent') {
      const seconds = (settlement.settledAtMs - Date.parse(settlement.queuedAt)) / 1000;
      if (Number.isFinite(seconds)) this.optOutConfirmation.observe(Math.max(0, seconds));
    }
  }

  groupCommitted(size: number): void {
    this.commitGroupSize.observe(size);
  }

  private webhookLabel(webhookId: string | null): string {
    if (webhookId === null || !this.deps.isWebhook(webhookId)) return 'unknown';
    if (this.webhookLabels.has(webhookId)) return webhookId;
    if (this.webhookLabels.size >= MAX_WEBHOOK_LABELS) return 'other';
    this.webhookLabels.add(webhookId);
    return webhookId;
  }
}
