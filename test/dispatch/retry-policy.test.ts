import { expect } from 'chai';
import fc from 'fast-check';
import { backoffCeiling, DEFAULT_RETRY_POLICY, nextRetry, type RetryPolicy } from '../../src/dispatch/retry-policy.ts';

const retryable = (retryAfterMs?: number) =>
  retryAfterMs === undefined
    ? { ok: false as const, retryable: true, reason: 'HTTP 500' }
    : { ok: false as const, retryable: true, reason: 'HTTP 429', retryAfterMs };

const policyArbitrary = fc.record({
  maxAttempts: fc.integer({ min: 1, max: 20 }),
  baseDelayMs: fc.integer({ min: 1, max: 10_000 }),
  maxDelayMs: fc.integer({ min: 1, max: 3_600_000 }),
  maxRetryAfterMs: fc.integer({ min: 0, max: 7_200_000 }),
});
const randomArbitrary = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('retry policy', () => {
  it('defaults to 6 attempts in all', () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).to.equal(6);
    expect(nextRetry(5, retryable(), DEFAULT_RETRY_POLICY, () => 0.5).retry).to.equal(true);
    expect(nextRetry(6, retryable(), DEFAULT_RETRY_POLICY, () => 0.5)).to.deep.equal({
      retry: false,
      reason: 'gave up after 6 attempts: HTTP 500',
    });
  });

  it('never retries a permanent failure, whatever the attempt', () => {
    expect(nextRetry(1, { ok: false, retryable: false, reason: 'HTTP 400: bad number' })).to.deep.equal({
      retry: false,
      reason: 'HTTP 400: bad number',
    });
  });

  it('draws the delay from [0, ceiling) with full jitter, the ceiling doubling up to maxDelayMs', () => {
    fc.assert(
      fc.property(
        policyArbitrary,
        fc.integer({ min: 1, max: 60 }),
        randomArbitrary,
        (policy: RetryPolicy, attempt, random) => {
          fc.pre(attempt < policy.maxAttempts);
          const decision = nextRetry(attempt, retryable(), policy, () => random);
          const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
          expect(backoffCeiling(attempt, policy)).to.equal(ceiling);
          if (!decision.retry) return expect.fail('a retryable failure before the last attempt must be retried');
          expect(decision.delayMs).to.be.at.least(0).and.below(ceiling);
          expect(Number.isInteger(decision.delayMs)).to.equal(true);
        },
      ),
    );
  });

  it('reaches both ends of the jitter window', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000 };
    expect(nextRetry(3, retryable(), policy, () => 0)).to.deep.equal({ retry: true, delayMs: 0 });
    expect(nextRetry(3, retryable(), policy, () => 0.999999)).to.deep.equal({ retry: true, delayMs: 3999 });
  });

  it('never waits less than Retry-After (up to maxRetryAfterMs), and never more than the larger of the two bounds', () => {
    fc.assert(
      fc.property(
        policyArbitrary,
        fc.integer({ min: 1, max: 19 }),
        randomArbitrary,
        fc.integer({ min: 0, max: 10_000_000 }),
        (policy, attempt, random, retryAfterMs) => {
          fc.pre(attempt < policy.maxAttempts);
          const decision = nextRetry(attempt, retryable(retryAfterMs), policy, () => random);
          if (!decision.retry) return expect.fail('a retryable failure before the last attempt must be retried');
          const honoured = Math.min(retryAfterMs, policy.maxRetryAfterMs);
          expect(decision.delayMs).to.be.at.least(honoured);
          expect(decision.delayMs).to.be.at.most(Math.max(honoured, backoffCeiling(attempt, policy)));
        },
      ),
    );
  });

  it('gives up exactly at maxAttempts, keeping the last reason', () => {
    fc.assert(
      fc.property(policyArbitrary, fc.integer({ min: 0, max: 5 }), randomArbitrary, (policy, beyond, random) => {
        const decision = nextRetry(policy.maxAttempts + beyond, retryable(), policy, () => random);
        expect(decision).to.deep.equal({
          retry: false,
          reason: `gave up after ${policy.maxAttempts + beyond} attempts: HTTP 500`,
        });
      }),
    );
  });

  it('keeps a broken random source inside the window', () => {
    for (const broken of [Number.NaN, -1, 1, 7]) {
      const decision = nextRetry(2, retryable(), DEFAULT_RETRY_POLICY, () => broken);
      expect(decision.retry && decision.delayMs)
        .to.be.a('number')
        .within(0, backoffCeiling(2) - 1);
    }
  });
});
