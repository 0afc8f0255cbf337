// Whether a reply may be sent. Pure: the caller brings the history (from the store) as plain data.
//
// - Compliance replies (opt-out, opt-in, double-opt-in, help and custom-keyword confirmations) are always sent.
// - Every other reply (the default reply, the fuzzy opt-out reply, any unknown category) is an auto-reply:
//   at most one per (sender, recipient) pair per `rateLimitMs`, and none while the other side looks like a bot:
//   more than `loopMaxInbound` inbound messages within `loopWindowMs`, or an inbound text identical (after
//   normalising case, width and spacing) to one of our own replies to that number within `echoWindowMs`.
// A loop of compliance replies cannot form on its own: a bot echoing a whole confirmation back is not an exact
// keyword, so it lands on the default reply, which this guard stops.

export const COMPLIANCE_CATEGORIES: ReadonlySet<string> = new Set([
  'opt-out',
  'opt-in',
  'double-opt-in',
  'help',
  'custom',
]);

export interface ReplyGuardPolicy {
  rateLimitMs: number;
  loopWindowMs: number;
  loopMaxInbound: number;
  echoWindowMs: number;
}

export const DEFAULT_REPLY_GUARD_POLICY: ReplyGuardPolicy = {
  rateLimitMs: 24 * 60 * 60_000,
  loopWindowMs: 60_000,
  loopMaxInbound: 5,
  echoWindowMs: 24 * 60 * 60_000,
};

export interface ReplyGuardInput {
  category: string; // the decision category that chose the reply
  at: string; // ISO-8601: when the inbound message that asks for the reply was received
  inboundText: string;
  /** When we last sent this pair an auto-reply (default or fuzzy), or null. */
  lastAutoReplyAt: string | null;
  /** When earlier inbound messages from this number to this sender were received (the current one excluded). */
  recentInboundAt: readonly string[];
  /** Our own recent replies to this number, any category. */
  recentReplies: ReadonlyArray<{ text: string; at: string }>;
}

export type ReplyVerdict = { send: true; reason: string } | { send: false; reason: string };

export function guardReply(
  input: ReplyGuardInput,
  policy: ReplyGuardPolicy = DEFAULT_REPLY_GUARD_POLICY,
): ReplyVerdict {
  if (COMPLIANCE_CATEGORIES.has(input.category)) {
    return { send: true, reason: `a ${input.category} reply is a compliance reply and is always sent` };
  }
  const now = time(input.at, 'at');

  const inbound = normalize(input.inboundText);
  const echoed = input.recentReplies.find(
    (reply) => now - time(reply.at, 'recentReplies.at') <= policy.echoWindowMs && normalize(reply.text) === inbound,
  );
  if (inbound !== '' && echoed) {
    return {
      send: false,
      reason: `the inbound text repeats our reply of ${echoed.at}: an auto-reply loop, not answered`,
    };
  }

  const inWindow =
    input.recentInboundAt.filter((at) => {
      const age = now - time(at, 'recentInboundAt');
      return age >= 0 && age <= policy.loopWindowMs;
    }).length + 1;
  if (inWindow > policy.loopMaxInbound) {
    return {
      send: false,
      reason: `${inWindow} inbound messages within ${policy.loopWindowMs / 1000} s (more than ${policy.loopMaxInbound}): an auto-reply loop, not answered`,
    };
  }

  if (input.lastAutoReplyAt !== null) {
    const last = time(input.lastAutoReplyAt, 'lastAutoReplyAt');
    if (now - last < policy.rateLimitMs) {
      const next = new Date(last + policy.rateLimitMs).toISOString();
      return {
        send: false,
        reason: `an auto-reply was sent to this number at ${input.lastAutoReplyAt}; the next may go at ${next}`,
      };
    }
  }
  return { send: true, reason: `the ${input.category} reply is within the rate limit and no loop is seen` };
}

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function time(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`reply guard: ${field} is not a timestamp: "${iso}"`);
  return ms;
}
