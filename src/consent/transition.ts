// The consent state machine: opt-out wins from any state; an opt-in confirms a pending double opt-in;
// a pending double opt-in lapses after its expiry; an event older than the last change never moves the state.
import type { ConsentSnapshot, ConsentState } from './consent-state.ts';

export type ConsentEffect = 'opt-out' | 'opt-in' | 'double-opt-in';

export interface ConsentChange {
  before: ConsentSnapshot;
  after: ConsentSnapshot;
  changed: boolean;
  /** Why the state moved or did not, for the audit record. */
  reason: string;
  /** The event is older than the last change: recorded, not applied, so its keyword's reply would be untrue. */
  outOfOrder?: true;
}

export interface TransitionInput {
  effect: ConsentEffect | null;
  /** The inbound event's own time (ISO-8601 UTC): callbacks arrive out of order. */
  eventTime: string;
  doubleOptInExpiresAfterDays: number;
}

const DAY_MS = 86_400_000;

/** The reason recorded for a message that asks for no consent change. */
export const NO_CONSENT_KEYWORD = 'the message carries no consent keyword';

/** The state as it stands at `at`: a pending double opt-in older than its expiry reads as 'none'. */
export function effectiveState(current: ConsentSnapshot, at: string, expiresAfterDays: number): ConsentState {
  if (current.state !== 'pending' || current.changedAt === null) return current.state;
  const age = Date.parse(at) - Date.parse(current.changedAt);
  return age > expiresAfterDays * DAY_MS ? 'none' : 'pending';
}

export function transition(current: ConsentSnapshot, input: TransitionInput): ConsentChange {
  const unchanged = (reason: string): ConsentChange => ({ before: current, after: current, changed: false, reason });
  if (input.effect === null) return unchanged(NO_CONSENT_KEYWORD);
  if (current.changedAt !== null && input.eventTime < current.changedAt) {
    return {
      ...unchanged(
        `event time ${input.eventTime} is older than the last change at ${current.changedAt}: recorded, not applied (the later change stands), no reply`,
      ),
      outOfOrder: true,
    };
  }
  const from = effectiveState(current, input.eventTime, input.doubleOptInExpiresAfterDays);
  const target = targetState(from, input.effect);
  if (target.state === current.state && from === current.state) return unchanged(`already ${current.state}`);
  const after: ConsentSnapshot = { state: target.state, changedAt: input.eventTime, version: current.version + 1 };
  return { before: current, after, changed: true, reason: target.reason };
}

function targetState(from: ConsentState, effect: ConsentEffect): { state: ConsentState; reason: string } {
  switch (effect) {
    case 'opt-out':
      return { state: 'opted-out', reason: 'opt-out wins from any state' };
    case 'opt-in':
      return from === 'pending'
        ? { state: 'opted-in', reason: 'opt-in confirms the pending double opt-in' }
        : { state: 'opted-in', reason: 'opt-in keyword' };
    case 'double-opt-in':
      return from === 'opted-in'
        ? { state: 'opted-in', reason: 'already opted in: a double opt-in request changes nothing' }
        : { state: 'pending', reason: 'double opt-in requested: waiting for confirmation' };
    default:
      throw new Error(`unknown consent effect ${JSON.stringify(effect)}`); // rules reach stores as data
  }
}
