// Which JSON types each placeholder accepts; anything else is a payload mismatch.
// null (and a missing key) is always accepted: it means "absent".

export type ValueRule = 'text' | 'phone' | 'id' | 'timestamp' | 'code';

export const VALUE_RULES: Readonly<Record<string, ValueRule>> = {
  inboundMessage: 'text',
  mediaUrl: 'text',
  profileNumber: 'phone',
  inboundNumber: 'phone',
  recipient: 'phone',
  requestId: 'id',
  messageId: 'id',
  clientReference: 'id',
  originTimestamp: 'timestamp',
  seenAt: 'timestamp',
  statusTimestamp: 'timestamp',
  statusDetail: 'code',
  failureCode: 'code',
  feedbackStatus: 'code',
};

const EXPECTED: Record<ValueRule, string> = {
  text: 'a string',
  phone: 'a phone number (a string, or an integer within the safe range)',
  id: 'an id (a string, or an integer within the safe range)',
  timestamp: 'a timestamp (a string, or epoch seconds or milliseconds)',
  code: 'a string or a number',
};

/** Undefined when the value fits, else what was expected. */
export function violates(rule: ValueRule, value: unknown): string | undefined {
  if (value === null || value === undefined || typeof value === 'string') return undefined;
  if (typeof value === 'number') {
    if (rule === 'text') return EXPECTED.text;
    if (rule === 'phone' || rule === 'id')
      return Number.isSafeInteger(value) && value >= 0 ? undefined : EXPECTED[rule];
    return Number.isFinite(value) ? undefined : EXPECTED[rule];
  }
  return EXPECTED[rule];
}
