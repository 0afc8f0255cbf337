import { expect } from 'chai';
import { effectiveState, transition, type ConsentEffect } from '../../src/consent/transition.ts';
import { NO_CONSENT, type ConsentSnapshot } from '../../src/consent/consent-state.ts';

const step = (current: ConsentSnapshot, effect: ConsentEffect | null, eventTime: string) =>
  transition(current, { effect, eventTime, doubleOptInExpiresAfterDays: 30 });

describe('consent transition', () => {
  it('opts out from every state, and records when', () => {
    for (const state of ['none', 'pending', 'opted-in'] as const) {
      const change = step({ state, changedAt: '2024-01-01T00:00:00Z', version: 3 }, 'opt-out', '2024-01-02T00:00:00Z');
      expect(change.after).to.deep.equal({ state: 'opted-out', changedAt: '2024-01-02T00:00:00Z', version: 4 });
      expect(change.changed).to.equal(true);
    }
  });

  it('confirms a pending double opt-in with an opt-in keyword', () => {
    const pending = step(NO_CONSENT, 'double-opt-in', '2024-01-01T00:00:00Z').after;
    expect(pending.state).to.equal('pending');
    const confirmed = step(pending, 'opt-in', '2024-01-01T00:05:00Z');
    expect(confirmed.after.state).to.equal('opted-in');
    expect(confirmed.reason).to.match(/confirms the pending double opt-in/);
  });

  it('lets a pending double opt-in lapse after its expiry', () => {
    const pending: ConsentSnapshot = { state: 'pending', changedAt: '2024-01-01T00:00:00Z', version: 1 };
    expect(effectiveState(pending, '2024-01-30T00:00:00Z', 30)).to.equal('pending');
    expect(effectiveState(pending, '2024-02-01T00:00:01Z', 30)).to.equal('none');
    const renewed = step(pending, 'double-opt-in', '2024-03-01T00:00:00Z');
    expect(renewed.changed).to.equal(true);
    expect(renewed.after.changedAt).to.equal('2024-03-01T00:00:00Z');
  });

  it('does not move the state for an event older than the last change', () => {
    const optedOut: ConsentSnapshot = { state: 'opted-out', changedAt: '2024-01-02T00:00:00Z', version: 2 };
    const late = step(optedOut, 'opt-in', '2024-01-01T00:00:00Z');
    expect(late.changed).to.equal(false);
    expect(late.after).to.equal(optedOut);
    expect(late.reason).to.match(/older than the last change/);
  });

  it('changes nothing for a message without a consent effect or a repeated keyword', () => {
    expect(step(NO_CONSENT, null, '2024-01-01T00:00:00Z').changed).to.equal(false);
    const optedIn: ConsentSnapshot = { state: 'opted-in', changedAt: '2024-01-01T00:00:00Z', version: 1 };
    expect(step(optedIn, 'opt-in', '2024-01-02T00:00:00Z').changed).to.equal(false);
    expect(step(optedIn, 'double-opt-in', '2024-01-02T00:00:00Z').after.state).to.equal('opted-in');
  });

  it('refuses an effect it does not know, so a store never records a change nobody decided', () => {
    expect(() => step(NO_CONSENT, 'opt-sideways' as ConsentEffect, '2024-01-01T00:00:00Z')).to.throw(
      /unknown consent effect "opt-sideways"/,
    );
  });
});
