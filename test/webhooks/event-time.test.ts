import { expect } from 'chai';
import { loadConfig } from '../../src/config.ts';
import { boundedEventTime } from '../../src/webhooks/event-time.ts';

describe('an event time bounded by its receipt', () => {
  const receivedAt = '2026-01-01T12:00:00.000Z';

  it("keeps the provider's time up to the receipt plus the skew, and no later", () => {
    expect(boundedEventTime('2026-01-01T11:00:00.000Z', receivedAt, 300_000)).to.equal('2026-01-01T11:00:00.000Z');
    expect(boundedEventTime('2026-01-01T12:05:00.000Z', receivedAt, 300_000)).to.equal('2026-01-01T12:05:00.000Z');
    expect(boundedEventTime('2026-01-01T13:00:00.000Z', receivedAt, 300_000)).to.equal('2026-01-01T12:05:00.000Z');
    expect(boundedEventTime('9999-12-31T23:59:59Z', receivedAt, 0)).to.equal(receivedAt);
    expect(boundedEventTime(null, receivedAt, 300_000)).to.equal(receivedAt);
  });

  it('takes its skew from OPTLINE_MAX_CLOCK_SKEW_SECONDS, 300 by default, and refuses a bad one', () => {
    expect(loadConfig({}).maxClockSkewSeconds).to.equal(300);
    expect(loadConfig({ OPTLINE_MAX_CLOCK_SKEW_SECONDS: '30' }).maxClockSkewSeconds).to.equal(30);
    expect(() => loadConfig({ OPTLINE_MAX_CLOCK_SKEW_SECONDS: '-1' })).to.throw(/OPTLINE_MAX_CLOCK_SKEW_SECONDS/);
  });
});
