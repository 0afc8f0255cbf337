// How well a sample value fits each event field: its shape (value-shapes.ts) weighed with the words of its key
// and of the keys above it. A score of CONFIDENT or more is placed without a question; a required field takes
// its best candidate of PLAUSIBLE or more and says it is unsure; below that the field is left to the admin.
import type { EventKind } from '../../events.ts';
import { ancestorWords, insideArray, keyOf, parentOf, wordsOf, type PayloadValue } from './payload-values.ts';
import { freeTextShape, idShape, knownStatus, phoneShape, statusShape, timeShape } from './value-shapes.ts';

export const CONFIDENT = 3;
export const PLAUSIBLE = 1;

export interface FieldScore {
  score: number;
  why: string;
}

/** What the fields placed before this one settled (the time is looked for beside the message's id). */
export interface ScoringContext {
  requestIdParent?: string;
}

export type FieldScorer = (value: PayloadValue, context: ScoringContext) => FieldScore | undefined;

const has = (words: readonly string[], ...wanted: string[]) => wanted.some((word) => words.includes(word));

const CUSTOMER_WORDS = ['from', 'msisdn', 'originator', 'source', 'identity', 'contact', 'customer', 'subscriber'];
const OWN_WORDS = ['to', 'destination', 'dest', 'recipient', 'receiver', 'owner', 'shortcode', 'did'];
/** ids of something other than the message: the app, the account, the conversation... */
const OTHER_ID_WORDS = [
  'app',
  'project',
  'conversation',
  'contact',
  'account',
  'api',
  'key',
  'operator',
  'network',
  'event',
  'session',
  'user',
  'campaign',
  'bulk',
  'webhook',
  'profile',
  'price',
  'count',
  'parts',
];
const TIME_WORDS = ['time', 'timestamp', 'date', 'at', 'ts', 'datetime', 'when'];
const ARRIVAL_WORDS = ['received', 'receive', 'accept', 'accepted', 'arrival', 'arrived', 'inbound'];
const LATER_OR_EARLIER_WORDS = ['sent', 'event', 'submit', 'submitted', 'done', 'scts', 'operator', 'updated'];
const TEXT_WORDS = ['text', 'body', 'message', 'content', 'msg', 'sms'];
const NOT_TEXT_WORDS = ['keyword', 'type', 'status', 'description', 'name', 'title', 'channel', 'direction', 'mode'];

function ownWords(value: PayloadValue): string[] {
  return wordsOf(keyOf(value.path));
}

/** A phone number on the customer's side (from, msisdn, identity...) or on yours (to, sender_id...). */
function phoneSide(value: PayloadValue): 'customer' | 'own' | undefined {
  const own = ownWords(value);
  // "sender id" is SMS vocabulary for the business's originator, not for the customer.
  if (has(own, 'sender') && has(own, 'id')) return 'own';
  const all = [...own, ...ancestorWords(value.path)];
  if (has(own, ...CUSTOMER_WORDS) || has(own, 'sender')) return 'customer';
  if (has(own, ...OWN_WORDS)) return 'own';
  if (has(all, ...CUSTOMER_WORDS)) return 'customer';
  if (has(all, ...OWN_WORDS)) return 'own';
  return undefined;
}

function phone(value: PayloadValue, side: 'customer' | 'own'): FieldScore | undefined {
  const e164 = phoneShape(value.value);
  if (e164 === undefined || has(ownWords(value), ...TIME_WORDS, 'code')) return undefined;
  const found = phoneSide(value);
  const score = found === side ? 4 : found === undefined ? PLAUSIBLE : -1;
  const where =
    found === undefined ? 'no key says whose' : found === 'own' ? 'a key on your side' : 'a key on the customer side';
  return { score, why: `phone number (E.164 ${e164}), ${where}` };
}

function identifier(value: PayloadValue, what: 'inbound' | 'feedback'): FieldScore | undefined {
  if (!idShape(value.value) || phoneShape(value.value) !== undefined || timeShape(value.value, false) !== undefined)
    return undefined;
  const own = ownWords(value);
  const above = ancestorWords(value.path);
  let score = PLAUSIBLE;
  const reasons = ['id-like value'];
  if (has(own, 'id', 'uuid', 'sid', 'guid')) {
    score += 2;
    reasons.push('an id key');
  }
  if (has(own, 'message', 'msg', 'sms', 'request') || (own.length === 1 && has(above, 'message', 'msg', 'sms'))) {
    score += 2;
    reasons.push('of a message');
  }
  if (what === 'feedback' && has(own, 'batch')) {
    score += 1;
    reasons.push('a batch id');
  }
  if (has(own, ...OTHER_ID_WORDS) || (what === 'inbound' && has(own, 'batch'))) {
    score -= 4;
    reasons.push(`but of something else (${keyOf(value.path)})`);
  }
  if (has(own, 'client', 'correlation', 'reference', 'ref')) score -= 2;
  return { score, why: reasons.join(', ') };
}

function reference(value: PayloadValue): FieldScore | undefined {
  if (typeof value.value !== 'string' && typeof value.value !== 'number') return undefined;
  const own = ownWords(value);
  if (has(own, 'client') && has(own, 'ref', 'reference')) return { score: 6, why: 'a client reference key' };
  if (has(own, 'correlation')) return { score: 5, why: 'a correlation key: the reference you sent, echoed' };
  // A bare "ref" is as often the provider's own (Vonage's concat-ref numbers the parts of a long message).
  if (has(own, 'concat', 'part', 'parts', 'segment', 'udh')) return undefined;
  if (has(own, 'reference', 'ref')) return { score: 2, why: 'a reference key, but whose?' };
  if (has(own, 'callback') && has(own, 'data')) return { score: 4, why: 'callback data you sent, echoed' };
  // Below PLAUSIBLE: metadata often echoes something else you sent (a template name), so it is only offered.
  if (has(own, 'metadata', 'tag', 'custom')) return { score: 0.5, why: 'metadata: may echo what you sent' };
  return undefined;
}

function time(value: PayloadValue, context: ScoringContext): FieldScore | undefined {
  const own = ownWords(value);
  const iso = timeShape(value.value, has(own, ...TIME_WORDS));
  if (iso === undefined) return undefined;
  let score = PLAUSIBLE;
  const reasons = [`time (${iso})`];
  if (has(own, ...TIME_WORDS)) score += 1;
  if (has(own, ...ARRIVAL_WORDS)) {
    score += 2;
    reasons.push('when it arrived');
  }
  if (has(own, ...LATER_OR_EARLIER_WORDS)) {
    score -= 1;
    reasons.push('another moment than arrival');
  }
  if (context.requestIdParent !== undefined && parentOf(value.path) === context.requestIdParent) {
    score += 2;
    reasons.push("beside the message's id");
  }
  return { score, why: reasons.join(', ') };
}

function freeText(value: PayloadValue): FieldScore | undefined {
  if (!freeTextShape(value.value)) return undefined;
  const own = ownWords(value);
  const last = own[own.length - 1] ?? '';
  let score = 0;
  const reasons = ['free text'];
  if (TEXT_WORDS.includes(last)) {
    score += 3;
    reasons.push('under a message-text key');
  }
  if (typeof value.value === 'string' && /\s/.test(value.value)) {
    score += 1;
    reasons.push('has spaces');
  }
  if (has(own, ...NOT_TEXT_WORDS, 'id', 'ref')) {
    score -= 3;
    reasons.push('but the key names something else');
  }
  return { score, why: reasons.join(', ') };
}

function status(value: PayloadValue): FieldScore | undefined {
  if (!statusShape(value.value)) return undefined;
  const own = ownWords(value);
  let score = 0;
  const reasons: string[] = [];
  if (has(own, 'status', 'state')) {
    score += 3;
    reasons.push('a status key');
  }
  if (knownStatus(value.value)) {
    score += 3;
    reasons.push("a status word Optline's Custom table knows");
  } else reasons.push('a status-shaped word');
  if (has(own, 'type', 'channel', 'direction', 'mode', 'name', 'encoding', 'description')) score -= 3;
  return score <= 0 ? undefined : { score, why: reasons.join(', ') };
}

function failureCode(value: PayloadValue): FieldScore | undefined {
  const raw = value.value;
  if (typeof raw === 'boolean' || (typeof raw === 'string' && (raw.length > 40 || /\s/.test(raw)))) return undefined;
  const own = ownWords(value);
  const words = [...own, ...ancestorWords(value.path)];
  let score = 0;
  const reasons: string[] = [];
  if (has(own, 'code')) {
    score += 3;
    reasons.push('a code key');
  }
  if (has(words, 'err', 'error', 'errors', 'reason', 'failure')) {
    score += 2;
    reasons.push('about an error');
  }
  if (has(own, 'sub', 'network', 'country', 'operator', 'currency', 'mcc', 'mnc', 'status', 'group')) score -= 3;
  return score <= 0 ? undefined : { score, why: reasons.join(', ') };
}

function recipient(value: PayloadValue): FieldScore | undefined {
  const e164 = phoneShape(value.value);
  if (e164 === undefined || insideArray(value.path)) return undefined;
  const own = ownWords(value);
  const score = has(own, 'recipient', 'to', 'msisdn', 'destination', 'number', 'phone') ? 4 : PLAUSIBLE;
  return { score, why: `phone number (E.164 ${e164})` };
}

/** The fields a proposal places, most telling first: later ones may lean on earlier ones (the time on the id). */
export const FIELD_SCORERS: Record<EventKind, ReadonlyArray<readonly [string, FieldScorer]>> = {
  inbound: [
    ['inboundMessage', freeText],
    ['profileNumber', (value) => phone(value, 'customer')],
    ['inboundNumber', (value) => phone(value, 'own')],
    ['requestId', (value) => identifier(value, 'inbound')],
    ['originTimestamp', time],
    ['clientReference', reference],
  ],
  feedback: [
    ['feedbackStatus', status],
    ['failureCode', failureCode],
    ['clientReference', reference],
    ['messageId', (value) => identifier(value, 'feedback')],
    ['recipient', recipient],
  ],
};
