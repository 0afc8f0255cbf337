// The placeholder vocabulary: canonical names, accepted aliases, which kind each belongs to.
import type { EventKind } from '../events.ts';

export const INBOUND_REQUIRED = [
  'inboundMessage',
  'profileNumber',
  'requestId',
  'originTimestamp',
  'inboundNumber',
] as const;
export const FEEDBACK_REQUIRED = ['clientReference', 'failureCode', 'feedbackStatus'] as const;
/**
 * Of the spec's fields above, those some real providers never send (AWS End User Messaging has no timestamp,
 * Event Grid's delivery events no failure code): a Custom template without them compiles with a warning.
 */
export const OPTIONAL_WITH_WARNING: Readonly<Record<string, string>> = {
  originTimestamp: 'events take the time Optline received them',
  inboundNumber: "the webhook's senderNumber is taken as the number texted",
  failureCode: 'every status has a null code',
};
/** Optline extensions: optional in their kind, never required. */
export const INBOUND_OPTIONAL = ['clientReference', 'mediaUrl'] as const;
export const FEEDBACK_OPTIONAL = ['messageId', 'recipient', 'statusTimestamp', 'statusDetail'] as const;

/** Written name -> canonical name. The spec's names come first; aliases follow. */
export const PLACEHOLDER_NAMES: ReadonlyMap<string, string> = new Map([
  ...INBOUND_REQUIRED.map((name) => [name, name] as const),
  ['client_reference', 'clientReference'],
  ['clientReference', 'clientReference'],
  ['failureCode', 'failureCode'],
  ['code', 'failureCode'],
  ['feedbackStatus', 'feedbackStatus'],
  ['status', 'feedbackStatus'],
  ['messageId', 'messageId'],
  ['recipient', 'recipient'],
  ['mediaUrl', 'mediaUrl'],
  ['statusTimestamp', 'statusTimestamp'],
  ['statusDetail', 'statusDetail'],
]);

/** The placeholder whose array makes every element its own event. */
export const KEY_PLACEHOLDER: Record<EventKind, string> = { inbound: 'requestId', feedback: 'clientReference' };

export function requiredFor(kind: EventKind): readonly string[] {
  return kind === 'inbound' ? INBOUND_REQUIRED : FEEDBACK_REQUIRED;
}

export function allowedFor(kind: EventKind): ReadonlySet<string> {
  return new Set<string>(
    kind === 'inbound' ? [...INBOUND_REQUIRED, ...INBOUND_OPTIONAL] : [...FEEDBACK_REQUIRED, ...FEEDBACK_OPTIONAL],
  );
}

/** Which kind a placeholder points to on its own; clientReference fits both and decides nothing. */
export function kindOf(canonical: string): EventKind | undefined {
  if ((INBOUND_REQUIRED as readonly string[]).includes(canonical) || canonical === 'mediaUrl') return 'inbound';
  if (canonical !== 'clientReference' && (FEEDBACK_REQUIRED as readonly string[]).includes(canonical))
    return 'feedback';
  if ((FEEDBACK_OPTIONAL as readonly string[]).includes(canonical)) return 'feedback';
  return undefined;
}

/** How a placeholder is written in messages: the spec's spelling. */
export function displayName(canonical: string): string {
  return canonical === 'clientReference' ? 'client_reference' : canonical;
}
