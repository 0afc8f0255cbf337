// Raw records -> normalised events: required values present, phones as E.164, timestamps ISO-8601 UTC,
// statuses zipped from the code and status lists and mapped onto the canonical set.
import type { EventKind, Extraction, FeedbackEvent, FeedbackStatus, InboundEvent } from '../events.ts';
import { normalizePhone, normalizeSender } from './normalize-phone.ts';
import { normalizeTimestamp } from './normalize-timestamp.ts';
import { mismatch, type PayloadMismatch } from './payload-mismatch.ts';
import type { StatusMapper } from './status-mapper.ts';
import type { RawRecord, TemplateProgram } from './template-program.ts';

export interface BuildOptions {
  kind: EventKind;
  statusOf: StatusMapper;
  /** The message body is binary (base64): marks inbound events so they are never keyword-matched. */
  binary?: boolean;
}

export function buildExtraction(
  records: RawRecord[],
  program: TemplateProgram,
  options: BuildOptions,
): Extraction | PayloadMismatch {
  if (options.kind === 'inbound') {
    const events: InboundEvent[] = [];
    for (const record of records) {
      // Without its request id an inbound event cannot be made idempotent, so it is as missing as its sender or text.
      const missing = missingValue(record, program, ['profileNumber', 'inboundMessage', 'requestId']);
      if (missing !== undefined) return missing;
      events.push(inboundEvent(record, options.binary === true));
    }
    return { kind: 'inbound', events };
  }
  const events: FeedbackEvent[] = [];
  for (const record of records) {
    // Outside a batch, a record with no value at all means this is not the callback the template describes.
    // Inside one, the batch array itself matched, so an element with nothing known is still an event.
    if (record.eventIndices.length === 0 && isEmpty(record)) {
      const path = program.pathOf(record.values.has('clientReference') ? 'clientReference' : 'feedbackStatus', record);
      return mismatch(path, 'expected the values the template places, found none of them');
    }
    events.push(feedbackEvent(record, options.statusOf));
  }
  return { kind: 'feedback', events };
}

function inboundEvent(record: RawRecord, binary: boolean): InboundEvent {
  const value = (name: string): unknown => record.values.get(name) ?? null;
  const event: InboundEvent = {
    inboundMessage: value('inboundMessage'),
    profileNumber: value('profileNumber'),
    requestId: value('requestId'),
    originTimestamp: value('originTimestamp'),
    inboundNumber: value('inboundNumber'),
    normalized: {
      profileNumber: normalizePhone(value('profileNumber')),
      inboundNumber: normalizeSender(value('inboundNumber')),
      originTimestamp: normalizeTimestamp(value('originTimestamp')),
    },
  };
  if (binary) event.binary = true;
  if (record.values.has('clientReference')) event.clientReference = reference(value('clientReference'));
  return event;
}

function feedbackEvent(record: RawRecord, statusOf: StatusMapper): FeedbackEvent {
  const length = Math.max(1, record.codes.length, record.statuses.length);
  const statuses: FeedbackStatus[] = [];
  for (let i = 0; i < length; i++) {
    const raw = { code: record.codes[i] ?? null, status: record.statuses[i] ?? null };
    const meaning = statusOf(raw, record);
    statuses.push({ code: raw.code, status: raw.status, canonical: meaning.canonical, final: meaning.final });
  }
  const event: FeedbackEvent = {
    clientReference: reference(record.values.get('clientReference')),
    messageId: reference(record.values.get('messageId')),
    statuses,
  };
  if (record.values.has('recipient')) event.recipient = reference(record.values.get('recipient'));
  return event;
}

/** Ids and references as strings; an empty string counts as absent. */
function reference(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : null;
}

function isEmpty(record: RawRecord): boolean {
  for (const value of record.values.values()) if (value !== null && value !== undefined) return false;
  for (const value of record.codes) if (value !== null && value !== undefined) return false;
  for (const value of record.statuses) if (value !== null && value !== undefined) return false;
  return true;
}

function missingValue(record: RawRecord, program: TemplateProgram, names: string[]): PayloadMismatch | undefined {
  for (const name of names) {
    if ((record.values.get(name) ?? null) === null) {
      return mismatch(program.pathOf(name, record), `expected a value for {{${name}}}, found nothing`);
    }
  }
  return undefined;
}
