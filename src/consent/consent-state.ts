// Consent of one person (E.164 profile number) towards one sender number, or towards all senders.

export const CONSENT_STATES = ['none', 'pending', 'opted-in', 'opted-out'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** Scope '*' as the sender number means consent towards every sender (a webhook's "consentScope": "global"). */
export const GLOBAL_SENDER = '*';

export interface ConsentKey {
  senderNumber: string;
  profileNumber: string;
}

export interface ConsentSnapshot {
  state: ConsentState;
  /** Event time (ISO-8601 UTC) of the change that set this state; null while state is 'none' and never changed. */
  changedAt: string | null;
  /** Increases by one with each change; 0 for a consent never changed. */
  version: number;
}

export const NO_CONSENT: ConsentSnapshot = { state: 'none', changedAt: null, version: 0 };
