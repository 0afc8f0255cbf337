// One callback body, already authenticated and parsed, to stored events: extract, classify, decide consent,
// queue the reply, record. Resolves only once every event of the body is durably stored.
import { AppError } from '../errors.ts';
import type { FeedbackEvent, InboundEvent } from '../events.ts';
import { GLOBAL_SENDER } from '../consent/consent-state.ts';
import type { Classifier } from '../keywords/classifier.ts';
import type { CallbackExtractor } from '../vendors/callback-extractor.ts';
import type { RuleRevision, Store } from '../store/store.ts';
import { maskNumber, textedNumber } from './texted-number.ts';

export interface IngestTarget {
  id: string;
  kind: 'inbound' | 'feedback' | undefined;
  senderNumber: string;
  consentScope: 'sender' | 'global';
  doubleOptInExpiresAfterDays: number;
  revision: RuleRevision;
  classifier: Pick<Classifier, 'classify' | 'replyOf'> | null;
  extract: CallbackExtractor['extract'];
}

/** What ingestion asks of the running service about the numbers texted. */
export interface IngestContext {
  /** Whether a channel configuration attaches the webhook's credentials to this number. */
  sendsFrom(number: string): boolean;
  /** Told of each event to a number no channel configuration attaches (the number masked). */
  warn(fields: Record<string, unknown>, message: string): void;
}

export type IngestResult =
  | { status: 'ignored'; reason: string }
  | {
      status: 'stored';
      kind: 'inbound' | 'feedback';
      events: number;
      duplicates: number;
      /** Entries of the body that are well-formed events of another type: not extracted, counted. */
      ignored?: number;
    };

export async function ingestCallback(
  target: IngestTarget,
  payload: unknown,
  rawBody: string,
  store: Store,
  receivedAt: string,
  context: IngestContext,
): Promise<IngestResult> {
  const outcome = target.extract(payload, target.kind);
  if (outcome.kind === 'mismatch') {
    throw new AppError('payload_mismatch', `payload does not match at ${outcome.path}: ${outcome.message}`, {
      path: outcome.path,
    });
  }
  if (outcome.kind === 'ignored') return { status: 'ignored', reason: outcome.reason };
  if (outcome.kind === 'inbound' && target.classifier === null) {
    throw new AppError('payload_mismatch', `webhook ${target.id} takes feedback only, but this is an inbound message`, {
      path: '$',
    });
  }
  const results =
    outcome.kind === 'inbound'
      ? await Promise.all(
          outcome.events.map((event) => recordInbound(target, event, rawBody, store, receivedAt, context)),
        )
      : (
          await Promise.all(outcome.events.map((event) => recordFeedback(target, event, rawBody, store, receivedAt)))
        ).flat();
  return {
    status: 'stored',
    kind: outcome.kind,
    events: results.length,
    duplicates: results.filter((duplicate) => duplicate).length,
    ...(outcome.ignored === undefined ? {} : { ignored: outcome.ignored }),
  };
}

async function recordInbound(
  target: IngestTarget,
  event: InboundEvent,
  rawBody: string,
  store: Store,
  receivedAt: string,
  context: IngestContext,
): Promise<boolean> {
  const requestId = keyOf(event.requestId, 'requestId');
  // Consent and the reply belong to the number texted. One no channel attaches is still honoured (a STOP is
  // never dropped) and flagged; its reply is queued from it and suppressed by the dispatcher unless attached by then.
  const texted = textedNumber(event, target.senderNumber);
  const unattached = texted !== target.senderNumber && !context.sendsFrom(texted);
  if (unattached) {
    context.warn(
      { webhookId: target.id, inboundNumber: maskNumber(texted) },
      "inbound message to a number no channel configuration attaches to this webhook's credentials: consent recorded, reply not sent from another number",
    );
  }
  const profileNumber = event.normalized.profileNumber;
  const binary = event.binary === true;
  // Only an MMS without a caption has no text (every other template requires it): nothing to classify.
  const text = typeof event.inboundMessage === 'string' ? event.inboundMessage : null;
  const decision =
    binary || text === null || target.classifier === null
      ? null
      : await target.classifier.classify(text, profileNumber ? { profileNumber } : {});
  const eventTime = event.normalized.originTimestamp ?? receivedAt;
  const effect = decision?.effect ?? null;
  const result = await store.recordInbound(
    {
      webhookId: target.id,
      requestId,
      receivedAt,
      eventTime,
      rawBody,
      // The number texted as consent and the reply use it: a short code or sender id as sent, and the webhook's
      // own number when the payload names none (AWS End User Messaging sends none).
      event:
        event.normalized.inboundNumber === null
          ? { ...event, normalized: { ...event.normalized, inboundNumber: texted } }
          : { ...event },
      category: decision?.category ?? null,
      keyword: decision?.keyword ?? null,
      explanation: decision ? decision.explanation : { skipped: binary ? 'binary body' : 'no text (media only)' },
      customKeyword: decision?.category === 'custom',
      binary,
      ruleRevision: target.revision,
      consentKey: profileNumber
        ? { senderNumber: target.consentScope === 'global' ? GLOBAL_SENDER : texted, profileNumber }
        : null,
      reply:
        decision?.reply && profileNumber
          ? { from: texted, to: profileNumber, text: decision.reply, category: decision.category }
          : null,
      unattachedInboundNumber: unattached,
    },
    { effect, doubleOptInExpiresAfterDays: target.doubleOptInExpiresAfterDays },
  );
  return result.duplicate;
}

async function recordFeedback(
  target: IngestTarget,
  event: FeedbackEvent,
  rawBody: string,
  store: Store,
  receivedAt: string,
): Promise<boolean[]> {
  const messageId = event.messageId ?? event.clientReference;
  if (messageId === null) {
    throw new AppError('payload_mismatch', 'feedback carries neither a client reference nor a message id', {
      path: '$',
    });
  }
  const results = [];
  // The provider's time of the status orders reports that arrive out of order; like event times, never later
  // than the receipt.
  const statusTime = event.normalizedStatusTimestamp ?? null;
  const at = statusTime === null ? null : Date.parse(statusTime) < Date.parse(receivedAt) ? statusTime : receivedAt;
  for (const status of at === null ? event.statuses : event.statuses.map((entry) => ({ ...entry, at }))) {
    // Sequential: statuses of one callback apply in the order the provider listed them.
    const result = await store.recordFeedback({
      webhookId: target.id,
      messageId,
      clientReference: event.clientReference,
      recipient: event.recipient ?? null,
      status,
      receivedAt,
      rawBody,
      event: { ...event },
    });
    results.push(result.duplicate);
  }
  return results;
}

function keyOf(value: unknown, field: string): string {
  if ((typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isSafeInteger(value))) {
    return String(value);
  }
  throw new AppError('payload_mismatch', `${field} is missing or not a string`, { path: field });
}
