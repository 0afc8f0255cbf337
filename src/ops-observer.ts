// What the service tells its instrumentation (metrics) as it works. The layers that do the work call these
// methods; main.ts passes the implementation (src/metrics/), so no layer imports the metrics library.

/** A callback answered: its webhook (null: the URL named none we know), what it carried, status and time taken. */
export interface CallbackAnswer {
  webhookId: string | null;
  kind: string;
  status: number;
  /** From the request's receipt to its acknowledgement (the answer written). */
  seconds: number;
}

/** An outbox attempt settled: the reply's webhook and category, the outcome, and when it was queued. */
export interface ReplySettlement {
  webhookId: string;
  category: string;
  result: string;
  queuedAt: string;
  settledAtMs: number;
}

export interface OpsObserver {
  callbackAnswered(answer: CallbackAnswer): void;
  /** An inbound event stored for the first time: its category, and the consent state it moved to (if it moved). */
  inboundRecorded(webhookId: string, category: string | null, consentTo: string | null): void;
  replySettled(settlement: ReplySettlement): void;
  /** The embedded store committed this many writes in one transaction. */
  groupCommitted(size: number): void;
}

/** Tells nobody: the default where no instrumentation is wired (tests, the CLI). */
export const NO_OPS_OBSERVER: OpsObserver = {
  callbackAnswered: () => undefined,
  inboundRecorded: () => undefined,
  replySettled: () => undefined,
  groupCommitted: () => undefined,
};
