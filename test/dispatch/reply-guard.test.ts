import { expect } from 'chai';
import { DEFAULT_REPLY_GUARD_POLICY, guardReply, type ReplyGuardInput } from '../../src/dispatch/reply-guard.ts';

const AT = '2024-05-01T12:00:00.000Z';
const minutesBefore = (minutes: number) => new Date(Date.parse(AT) - minutes * 60_000).toISOString();
const hoursBefore = (hours: number) => minutesBefore(hours * 60);

function input(overrides: Partial<ReplyGuardInput> = {}): ReplyGuardInput {
  return {
    category: 'default',
    at: AT,
    inboundText: 'hello?',
    lastAutoReplyAt: null,
    recentInboundAt: [],
    recentReplies: [],
    ...overrides,
  };
}

// Every circumstance that holds back an auto-reply, all at once.
const hostile: Partial<ReplyGuardInput> = {
  inboundText: 'Thanks for your message! We will get back to you.',
  lastAutoReplyAt: minutesBefore(1),
  recentInboundAt: Array.from({ length: 10 }, (_, i) => new Date(Date.parse(AT) - i * 1000).toISOString()),
  recentReplies: [{ text: 'Thanks for your message!  We will get back to you.', at: minutesBefore(1) }],
};

describe('reply guard', () => {
  it('always sends compliance replies, even when everything else would hold them back', () => {
    for (const category of ['opt-out', 'opt-in', 'double-opt-in', 'help', 'custom']) {
      expect(guardReply(input({ ...hostile, category })).send, category).to.equal(true);
    }
  });

  it('sends the first default and fuzzy reply to a number', () => {
    expect(guardReply(input({ category: 'default' })).send).to.equal(true);
    expect(guardReply(input({ category: 'fuzzy-opt-out' })).send).to.equal(true);
  });

  it('sends at most one auto-reply per 24 h to a number, and says when the next may go', () => {
    for (const category of ['default', 'fuzzy-opt-out', 'some-new-category']) {
      const verdict = guardReply(input({ category, lastAutoReplyAt: hoursBefore(23) }));
      expect(verdict).to.deep.equal({
        send: false,
        reason: `an auto-reply was sent to this number at ${hoursBefore(23)}; the next may go at 2024-05-01T13:00:00.000Z`,
      });
    }
    expect(guardReply(input({ lastAutoReplyAt: hoursBefore(24) })).send).to.equal(true);
    expect(
      guardReply(input({ lastAutoReplyAt: new Date(Date.parse(hoursBefore(24)) + 1).toISOString() })).send,
    ).to.equal(false);
  });

  it('follows a configured rate limit', () => {
    const policy = { ...DEFAULT_REPLY_GUARD_POLICY, rateLimitMs: 60 * 60_000 };
    expect(guardReply(input({ lastAutoReplyAt: minutesBefore(59) }), policy).send).to.equal(false);
    expect(guardReply(input({ lastAutoReplyAt: minutesBefore(61) }), policy).send).to.equal(true);
  });

  it('does not answer an inbound text that repeats one of our recent replies (another bot echoing us)', () => {
    const verdict = guardReply(
      input({
        inboundText: '  you are UNSUBSCRIBED.\nReply START  ',
        recentReplies: [{ text: 'You are unsubscribed. Reply START', at: minutesBefore(2) }],
      }),
    );
    expect(verdict).to.deep.equal({
      send: false,
      reason: `the inbound text repeats our reply of ${minutesBefore(2)}: an auto-reply loop, not answered`,
    });
  });

  it('answers a text that matches one of our replies only outside the echo window', () => {
    const old = [{ text: 'hello?', at: hoursBefore(25) }];
    expect(guardReply(input({ recentReplies: old })).send).to.equal(true);
  });

  it('stops answering a number that sends more than 5 messages within a minute', () => {
    const burst = (count: number, spacingSeconds: number) =>
      Array.from({ length: count }, (_, i) => new Date(Date.parse(AT) - (i + 1) * spacingSeconds * 1000).toISOString());
    expect(guardReply(input({ recentInboundAt: burst(4, 10) })).send).to.equal(true); // 5 with this one
    const flood = guardReply(input({ recentInboundAt: burst(5, 10) })); // 6 with this one
    expect(flood).to.deep.equal({
      send: false,
      reason: '6 inbound messages within 60 s (more than 5): an auto-reply loop, not answered',
    });
    expect(guardReply(input({ recentInboundAt: burst(5, 20) })).send).to.equal(true); // spread over 100 s
  });

  it('refuses a history that is not made of timestamps instead of guessing', () => {
    expect(() => guardReply(input({ lastAutoReplyAt: 'yesterday' }))).to.throw(
      RangeError,
      /lastAutoReplyAt is not a timestamp/,
    );
  });
});
