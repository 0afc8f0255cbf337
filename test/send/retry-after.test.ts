import { expect } from 'chai';
import { parseRetryAfter } from '../../src/send/retry-after.ts';

describe('Retry-After', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', now)).to.equal(0);
    expect(parseRetryAfter(' 120 ', now)).to.equal(120_000);
  });

  it('reads an HTTP-date relative to now, and a past date as no wait', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 12:01:00 GMT', now)).to.equal(60_000);
    expect(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now)).to.equal(0);
  });

  it('ignores an absent or unreadable header', () => {
    for (const value of [null, undefined, '', 'soon', '-5', '1.5', '2024-05-01'])
      expect(parseRetryAfter(value, now), String(value)).to.equal(undefined);
  });
});
