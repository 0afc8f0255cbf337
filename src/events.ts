// The normalised events that every provider callback turns into, whatever its vendor or template.

export type EventKind = 'inbound' | 'feedback';

export const CANONICAL_STATUSES = [
  'queued',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'rejected',
  'expired',
  'canceled',
  'read',
  'unknown',
] as const;
export type CanonicalStatus = (typeof CANONICAL_STATUSES)[number];

export interface InboundEvent {
  /** Values exactly as extracted from the payload (JSON types preserved; null when absent). */
  inboundMessage: unknown;
  profileNumber: unknown;
  requestId: unknown;
  originTimestamp: unknown;
  inboundNumber: unknown;
  normalized: {
    profileNumber: string | null; // E.164
    inboundNumber: string | null; // E.164, or the sender id as given when it is alphanumeric
    originTimestamp: string | null; // ISO-8601 UTC, fraction kept up to nanoseconds
  };
  /** The body is binary (Sinch mo_binary, base64): stored, never keyword-matched. */
  binary?: boolean;
  /** Provider's reference of the outbound message this one answers, when the payload has one. */
  clientReference?: string | null;
  /**
   * An MMS (its template places {{mediaUrl}}): the URL of its first media file, null when it has none. Its text
   * is the caption, null when it has none: then it is stored, never keyword-matched.
   */
  mediaUrl?: string | null;
}

export interface FeedbackStatus {
  code: unknown; // raw, type preserved
  status: unknown; // raw, type preserved
  canonical: CanonicalStatus;
  final: boolean;
  /** When the provider says the status took effect ({{statusTimestamp}}, ISO-8601 UTC, at most the receipt time). */
  at?: string;
}

export interface FeedbackEvent {
  clientReference: string | null; // null when absent or ''
  messageId: string | null; // provider message id: the fallback correlation key
  recipient?: string | null;
  /** {{statusTimestamp}} as the provider wrote it, and normalised to ISO-8601 UTC (null when unreadable). */
  statusTimestamp?: unknown;
  normalizedStatusTimestamp?: string | null;
  /** {{statusDetail}}: the provider's error text, as given. */
  statusDetail?: unknown;
  statuses: FeedbackStatus[];
}

/** `ignored`: entries of a batch that are well-formed events of another type (counted, not extracted). */
export type Extraction =
  | { kind: 'inbound'; events: InboundEvent[]; ignored?: number }
  | { kind: 'feedback'; events: FeedbackEvent[]; ignored?: number }
  | { kind: 'ignored'; events: []; reason: string };
