// One callback body, already authenticated and parsed, to stored events: extract, classify, decide consent,
// queue the reply, record. Resolves only once every event of the body is durably stored.
import { sha256Hex } from '../crypto/sha256-hex.ts';
import { AppError } from '../errors.ts';
import type { FeedbackEvent, InboundEvent } from '../events.ts';
import { GLOBAL_SENDER } from '../consent/consent-state.ts';
import type { Classifier } from '../keywords/classifier.ts';
import type { CallbackExtractor } from '../vendors/callback-extractor.ts';
import { warmPhoneMemo } from '../template/normalize-phone.ts';
import { bodyIdOf } from '../store/idempotency-keys.ts';
import type { ReceivedBody, RuleRevision, Store, StoredInbound } from '../store/store.ts';
import { boundedEventTime } from './event-time.ts';
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
  /** How far past its receipt an event's own time may lie (OPTLINE_MAX_CLOCK_SKEW_SECONDS, in ms). */
  maxClockSkewMs: number;
  /** Told of each inbound event stored for the first time: its category and the consent state it moved to. */
  recorded?(webhookId: string, category: string | null, consentTo: string | null): void;
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
  /** SHA-256 (hex) of the body's bytes as received; by default of rawBody's UTF-8 bytes. */
  rawBodyHash: string = sha256Hex(rawBody),
): Promise<IngestResult> {
  // A large batch's numbers parsed in slices first, so extraction runs without a long stall; a small body is not
  // walked twice (every single callback would pay for it).
  if (rawBody.length > WARM_BODY_BYTES) await warmPhoneMemo(payload);
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
  // The body once, its events naming it; submitted with the first chunk, so a small callback takes one commit.
  const body: ReceivedBody = { id: bodyIdOf(rawBody), text: rawBody, receivedAt };
  const bodyStored = store.recordBody(body);
  bodyStored.catch(() => undefined); // awaited below; a chunk's failure may be thrown first
  const results =
    outcome.kind === 'inbound'
      ? await inChunks(outcome.events, async (event) => [
          await recordInbound(target, event, { bodyId: body.id, sha256: rawBodyHash }, store, receivedAt, context),
        ])
      : await inChunks(outcome.events, (event) => recordFeedback(target, event, body.id, store, receivedAt, context));
  await bodyStored;
  return {
    status: 'stored',
    kind: outcome.kind,
    events: results.length,
    duplicates: results.filter((duplicate) => duplicate).length,
    ...(outcome.ignored === undefined ? {} : { ignored: outcome.ignored }),
  };
}

/**
 * How many events of one body are written at once. The next chunk is submitted only once this one is durable, so
 * one large batch (2,439 results in 256 KiB) never makes one long commit that stalls the event loop: other
 * callbacks' writes join the commits in between. The body is acknowledged only once every chunk is durable; when
 * a chunk fails, the answer is a 503 and the provider's retry replays the chunks already stored (idempotency).
 */
export const INGEST_CHUNK_SIZE = 64;

/** Bodies above this size (in UTF-16 units) have their phone numbers parsed ahead of extraction, in slices. */
const WARM_BODY_BYTES = 16 * 1024;

async function inChunks<T>(events: readonly T[], write: (event: T) => Promise<boolean[]>): Promise<boolean[]> {
  const duplicates: boolean[] = [];
  for (let start = 0; start < events.length; start += INGEST_CHUNK_SIZE) {
    const chunk = await Promise.all(events.slice(start, start + INGEST_CHUNK_SIZE).map(write));
    duplicates.push(...chunk.flat());
  }
  return duplicates;
}

async function recordInbound(
  target: IngestTarget,
  event: InboundEvent,
  received: { bodyId: string; sha256: string },
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
  // The provider's own time stays in the event (normalized.originTimestamp); consent orders by the bounded one.
  const eventTime = boundedEventTime(event.normalized.originTimestamp, receivedAt, context.maxClockSkewMs);
  const effect = decision?.effect ?? null;
  const result = await store.recordInbound(
    {
      webhookId: target.id,
      requestId,
      receivedAt,
      eventTime,
      bodyId: received.bodyId,
      rawBodyHash: received.sha256,
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
  if (!result.duplicate) context.recorded?.(target.id, result.stored.category, movedTo(result.stored));
  return result.duplicate;
}

function movedTo(stored: StoredInbound): string | null {
  return stored.consentChanged && stored.consentAfter ? stored.consentAfter.state : null;
}

async function recordFeedback(
  target: IngestTarget,
  event: FeedbackEvent,
  bodyId: string,
  store: Store,
  receivedAt: string,
  context: IngestContext,
): Promise<boolean[]> {
  const messageId = event.messageId ?? event.clientReference;
  if (messageId === null) {
    throw new AppError('payload_mismatch', 'feedback carries neither a client reference nor a message id', {
      path: '$',
    });
  }
  const results = [];
  // The provider's time of the status orders reports that arrive out of order; bounded like event times.
  const statusTime = event.normalizedStatusTimestamp ?? null;
  const at = statusTime === null ? null : boundedEventTime(statusTime, receivedAt, context.maxClockSkewMs);
  for (const status of at === null ? event.statuses : event.statuses.map((entry) => ({ ...entry, at }))) {
    // Sequential: statuses of one callback apply in the order the provider listed them.
    const result = await store.recordFeedback({
      webhookId: target.id,
      messageId,
      clientReference: event.clientReference,
      recipient: event.recipient ?? null,
      status,
      receivedAt,
      bodyId,
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
