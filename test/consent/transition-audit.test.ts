// What the audit record says about each consent move, and the edges of the state machine's time rules.
import { expect } from 'chai';
import { GLOBAL_SENDER, NO_CONSENT, type ConsentSnapshot } from '../../src/consent/consent-state.ts';
import { effectiveState, transition, type ConsentEffect } from '../../src/consent/transition.ts';

const step = (current: ConsentSnapshot, effect: ConsentEffect | null, eventTime: string) =>
  transition(current, { effect, eventTime, doubleOptInExpiresAfterDays: 30 });
const at = (state: ConsentSnapshot['state'], changedAt = '2024-01-01T00:00:00Z'): ConsentSnapshot => ({
  state,
  changedAt,
  version: 1,
});

describe('consent transition, audit reasons and time edges', () => {
  it('a person never seen reads as no consent, and the first change is version 1', () => {
    expect(effectiveState(NO_CONSENT, '2024-01-01T00:00:00Z', 30)).to.equal('none');
    expect(step(NO_CONSENT, 'opt-in', '2024-01-01T00:00:00Z').after).to.deep.equal({
      state: 'opted-in',
      changedAt: '2024-01-01T00:00:00Z',
      version: 1,
    });
  });

  it('keeps "*" as the sender of a global consent: stores hold consents under it', () => {
    expect(GLOBAL_SENDER).to.equal('*');
  });

  it('gives each move its own reason', () => {
    const later = '2024-01-02T00:00:00Z';
    expect(step(at('opted-in'), 'opt-out', later).reason).to.equal('opt-out wins from any state');
    expect(step(at('none'), 'opt-in', later).reason).to.equal('opt-in keyword');
    expect(step(at('opted-out'), 'opt-in', later).reason).to.equal('opt-in keyword');
    expect(step(at('pending'), 'opt-in', later).reason).to.equal('opt-in confirms the pending double opt-in');
    expect(step(at('none'), 'double-opt-in', later).reason).to.equal(
      'double opt-in requested: waiting for confirmation',
    );
    expect(step(at('opted-out'), 'double-opt-in', later)).to.deep.include({
      changed: true,
      reason: 'double opt-in requested: waiting for confirmation',
    });
  });

  it('says why nothing moved', () => {
    const optedIn = at('opted-in');
    expect(step(optedIn, null, '2024-01-02T00:00:00Z').reason).to.equal('the message carries no consent keyword');
    expect(step(optedIn, 'opt-in', '2024-01-02T00:00:00Z').reason).to.equal('already opted-in');
    expect(step(at('opted-out'), 'opt-out', '2024-01-02T00:00:00Z').reason).to.equal('already opted-out');
    expect(step(optedIn, 'opt-out', '2023-12-31T00:00:00Z').reason).to.equal(
      'event time 2023-12-31T00:00:00Z is older than the last change at 2024-01-01T00:00:00Z: recorded, not applied (the later change stands), no reply',
    );
  });

  it('a double opt-in request while opted in changes nothing, and says so', () => {
    const change = step(at('opted-in'), 'double-opt-in', '2024-01-02T00:00:00Z');
    expect(change).to.deep.include({ changed: false });
    expect(change.after).to.equal(change.before);
  });

  it('an event at the very time of the last change still applies: only an older one is refused', () => {
    const pending = at('pending');
    const confirmed = step(pending, 'opt-in', '2024-01-01T00:00:00Z');
    expect(confirmed.changed).to.equal(true);
    expect(confirmed.after).to.deep.equal({ state: 'opted-in', changedAt: '2024-01-01T00:00:00Z', version: 2 });
  });

  it('a pending double opt-in lapses only once strictly older than its expiry', () => {
    const pending = at('pending');
    expect(effectiveState(pending, '2024-01-31T00:00:00Z', 30)).to.equal('pending'); // exactly 30 days
    expect(effectiveState(pending, '2024-01-31T00:00:00.001Z', 30)).to.equal('none');
    // A lapsed request renewed: it moves from 'none' to a fresh 'pending' although the stored state reads 'pending'.
    expect(step(pending, 'double-opt-in', '2024-02-15T00:00:00Z')).to.deep.include({
      changed: true,
      reason: 'double opt-in requested: waiting for confirmation',
    });
    // Still within its expiry, the same request changes nothing.
    expect(step(pending, 'double-opt-in', '2024-01-15T00:00:00Z')).to.deep.include({
      changed: false,
      reason: 'already pending',
    });
    // A lapsed request can no longer be confirmed as such: the opt-in is a plain one.
    expect(step(pending, 'opt-in', '2024-02-15T00:00:00Z').reason).to.equal('opt-in keyword');
  });

  it('only a pending state lapses, and a never-changed pending one never does', () => {
    for (const state of ['none', 'opted-in', 'opted-out'] as const) {
      expect(effectiveState(at(state), '2030-01-01T00:00:00Z', 30)).to.equal(state);
    }
    expect(effectiveState({ state: 'pending', changedAt: null, version: 0 }, '2030-01-01T00:00:00Z', 30)).to.equal(
      'pending',
    );
  });
});
