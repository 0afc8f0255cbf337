// An Amazon SNS subscription message (SubscriptionConfirmation, UnsubscribeConfirmation) read from its JSON
// body, and the string SNS signs for it: each signed field's name and value, one per line, in the fixed order
// AWS documents ("Verifying the signatures of Amazon SNS messages").
import { isRecord } from '../json/is-record.ts';

export const SNS_SUBSCRIPTION_TYPES = ['SubscriptionConfirmation', 'UnsubscribeConfirmation'] as const;
export type SnsSubscriptionType = (typeof SNS_SUBSCRIPTION_TYPES)[number];

export interface SnsSubscriptionMessage {
  Type: SnsSubscriptionType;
  MessageId: string;
  Token: string;
  TopicArn: string;
  Message: string;
  SubscribeURL: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
}

/** The fields SNS signs in a subscription message, in signing order. */
const SIGNED_FIELDS = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const;
const STRING_FIELDS = [...SIGNED_FIELDS, 'SignatureVersion', 'Signature', 'SigningCertURL'] as const;

/** The message, or what is wrong with it (a JSON path and why: never a value, which may hold the token). */
export function readSnsSubscriptionMessage(
  body: unknown,
  headerType: SnsSubscriptionType,
): SnsSubscriptionMessage | { problem: string } {
  if (!isRecord(body)) return { problem: 'the body is not a JSON object' };
  for (const field of STRING_FIELDS) {
    if (typeof body[field] !== 'string') return { problem: `$.${field} is missing or not a string` };
  }
  if (body.Type !== headerType)
    return { problem: `$.Type does not match the x-amz-sns-message-type header (${headerType})` };
  return body as unknown as SnsSubscriptionMessage;
}

export function snsStringToSign(message: SnsSubscriptionMessage): string {
  return SIGNED_FIELDS.map((field) => `${field}\n${message[field]}\n`).join('');
}

export function isSnsSubscriptionType(value: unknown): value is SnsSubscriptionType {
  return SNS_SUBSCRIPTION_TYPES.some((type) => type === value);
}
