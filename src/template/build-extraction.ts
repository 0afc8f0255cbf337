// Extracted records -> normalised events: required values present, phones as E.164, timestamps ISO-8601
// UTC, statuses zipped from the code and status lists and mapped onto the canonical set.
import type { EventKind, Extraction, FeedbackEvent, FeedbackStatus, InboundEvent } from '../events.ts';
import type { ExtractedRecord } from './extracted-record.ts';
import { normalizePhone, normalizeSender } from './normalize-phone.ts';
import { normalizeTimestamp } from './normalize-timestamp.ts';
import type { StatusMapper } from './status-mapper.ts';

export interface BuildOptions {
  kind: EventKind;
  statusOf: StatusMapper;
  /** The message body is binary (base64): marks inbound events so they are never keyword-matched. */
  binary?: boolean;
  /** The template places {{mediaUrl}}: an MMS, whose text (its caption) may be absent. */
  media?: boolean;
  /** The event key sits in an array, so every record is an element of a batch. */
  batched: boolean;
}

/** Why record `index` cannot become an event: the caller knows where `name` sits in the payload. */
export interface MissingValue {
  kind: 'missing';
  index: number;
  name: string;
  message: string;
}

export function buildExtraction(
  records: readonly ExtractedRecord[],
  options: BuildOptions,
  ignored = 0,
): Extraction | MissingValue {
  if (options.kind === 'inbound') {
    const events: InboundEvent[] = [];
    const binary = options.binary === true;
    const media = options.media === true;
    for (let index = 0; index < records.length; index++) {
      const values = records[index]!.values;
      // Without its request id an inbound event cannot be made idempotent, so it is as missing as its sender or text.
      const name =
        (values.profileNumber ?? null) === null
          ? 'profileNumber'
          : (values.inboundMessage ?? null) === null && !media
            ? 'inboundMessage'
            : (values.requestId ?? null) === null
              ? 'requestId'
              : undefined;
      if (name !== undefined)
        return { kind: 'missing', index, name, message: `expected a value for {{${name}}}, found nothing` };
      const event = inboundEvent(values, binary, media);
      // A sender that is no phone number ("abc", "", "+") could hold no consent: a STOP from it would be stored
      // moving nothing and answering nothing. Refused like a missing value (a batch whole), the value not quoted.
      if (event.normalized.profileNumber === null)
        return {
          kind: 'missing',
          index,
          name: 'profileNumber',
          message: 'expected a phone number for {{profileNumber}}, found a value that is not one',
        };
      events.push(event);
    }
    return ignored > 0 ? { kind: 'inbound', events, ignored } : { kind: 'inbound', events };
  }
  const events: FeedbackEvent[] = [];
  for (let index = 0; index < records.length; index++) {
    const record = records[index]!;
    // Outside a batch, a record with no value at all means this is not the callback the template describes.
    // Inside one, the batch array itself matched, so an element with nothing known is still an event.
    if (!options.batched && isEmpty(record)) {
      return {
        kind: 'missing',
        index,
        name: record.values.clientReference !== undefined ? 'clientReference' : 'feedbackStatus',
        message: 'expected the values the template places, found none of them',
      };
    }
    events.push(feedbackEvent(record, options.statusOf));
  }
  return ignored > 0 ? { kind: 'feedback', events, ignored } : { kind: 'feedback', events };
}

function inboundEvent(values: ExtractedRecord['values'], binary: boolean, media: boolean): InboundEvent {
  const profileNumber = values.profileNumber ?? null;
  const inboundNumber = values.inboundNumber ?? null;
  const originTimestamp = values.originTimestamp ?? null;
  const normalized = {
    profileNumber: normalizePhone(profileNumber),
    inboundNumber: normalizeSender(inboundNumber),
    originTimestamp: normalizeTimestamp(originTimestamp),
  };
  const inboundMessage = values.inboundMessage ?? null;
  const requestId = values.requestId ?? null;
  // Whole literals (rather than keys added later) keep every event of a template one shape.
  const event: InboundEvent =
    values.clientReference === undefined
      ? { inboundMessage, profileNumber, requestId, originTimestamp, inboundNumber, normalized }
      : {
          inboundMessage,
          profileNumber,
          requestId,
          originTimestamp,
          inboundNumber,
          normalized,
          clientReference: reference(values.clientReference),
        };
  if (binary) event.binary = true;
  if (media) event.mediaUrl = reference(values.mediaUrl);
  return event;
}

function feedbackEvent(record: ExtractedRecord, statusOf: StatusMapper): FeedbackEvent {
  const { codes, statuses: found, values } = record;
  const statuses = zipStatuses(codes, found, values, statusOf);
  const clientReference = reference(values.clientReference);
  const messageId = reference(values.messageId);
  // Whole literals (rather than keys added later) keep every event of a template one shape.
  const event: FeedbackEvent =
    values.recipient === undefined
      ? { clientReference, messageId, statuses }
      : { clientReference, messageId, recipient: reference(values.recipient), statuses };
  return withStatusDetails(event, values.statusTimestamp, values.statusDetail);
}

/**
 * Adds {{statusTimestamp}} and {{statusDetail}} to an event when the walk reached them (undefined: it did not,
 * or the template places neither), so templates without them keep their events as they were.
 */
export function withStatusDetails(
  event: FeedbackEvent,
  statusTimestamp: unknown,
  statusDetail: unknown,
): FeedbackEvent {
  if (statusTimestamp !== undefined) {
    event.statusTimestamp = statusTimestamp ?? null;
    event.normalizedStatusTimestamp = normalizeTimestamp(statusTimestamp ?? null);
  }
  if (statusDetail !== undefined) event.statusDetail = statusDetail ?? null;
  return event;
}

/** The i-th code with the i-th status, as many as the longer list has (at least one). */
export function zipStatuses(
  codes: readonly unknown[],
  statuses: readonly unknown[],
  values: ExtractedRecord['values'],
  statusOf: StatusMapper,
): FeedbackStatus[] {
  const length = Math.max(1, codes.length, statuses.length);
  // Most callbacks carry one status: a literal of one rather than an array grown by push.
  const zipped: FeedbackStatus[] =
    length === 1 ? [statusEntry(codes[0] ?? null, statuses[0] ?? null, values, statusOf)] : [];
  for (let i = zipped.length; i < length; i++)
    zipped.push(statusEntry(codes[i] ?? null, statuses[i] ?? null, values, statusOf));
  return zipped;
}

export function statusEntry(
  code: unknown,
  status: unknown,
  values: ExtractedRecord['values'],
  statusOf: StatusMapper,
): FeedbackStatus {
  const meaning = statusOf(status, code, values);
  return { code, status, canonical: meaning.canonical, final: meaning.final };
}

/** Ids and references as strings; an empty string counts as absent. */
export function reference(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : null;
}

function isEmpty(record: ExtractedRecord): boolean {
  for (const value of record.statuses) if (value !== null && value !== undefined) return false;
  for (const value of record.codes) if (value !== null && value !== undefined) return false;
  for (const name in record.values) if ((record.values[name] ?? null) !== null) return false;
  return true;
}
