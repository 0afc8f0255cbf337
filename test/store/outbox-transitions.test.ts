import { expect } from 'chai';
import { recentRepliesOf, settledFields } from '../../src/store/outbox-transitions.ts';
import type { OutboxEntry, OutboxState } from '../../src/store/store.ts';

function entry(id: string, state: OutboxState, times: { sentAt?: string; lastAttemptAt?: string } = {}): OutboxEntry {
  return {
    id,
    webhookId: 'wh',
    requestId: `req-${id}`,
    reply: { from: '+15550000001', to: '+15550000002', text: `text ${id}`, category: `cat-${id}` },
    createdAt: `2026-01-01T00:00:0${id}.000Z`,
    state,
    attempts: 1,
    nextAttemptAt: null,
    lastAttemptAt: times.lastAttemptAt ?? null,
    inDoubt: false,
    lastError: null,
    providerMessageId: null,
    sentAt: times.sentAt ?? null,
  };
}

describe('outbox settlement fields', () => {
  it('a sent entry is final, keeps the provider message id and the time it was sent, and clears doubt', () => {
    expect(settledFields({ outcome: 'sent', providerMessageId: 'pm-1', at: '2026-01-01T00:00:01.000Z' })).to.deep.equal(
      {
        state: 'sent',
        nextAttemptAt: null,
        inDoubt: false,
        lastError: null,
        providerMessageId: 'pm-1',
        sentAt: '2026-01-01T00:00:01.000Z',
      },
    );
  });

  it('a retry goes back to pending at its next attempt, with its reason and whether the attempt is in doubt', () => {
    for (const inDoubt of [true, false]) {
      expect(
        settledFields({ outcome: 'retry', at: 't0', nextAttemptAt: 't1', reason: 'timeout', inDoubt }),
      ).to.deep.equal({
        state: 'pending',
        nextAttemptAt: 't1',
        inDoubt,
        lastError: 'timeout',
        providerMessageId: null,
        sentAt: null,
      });
    }
  });

  it('a failure or a suppression is final under its own state, with its reason and no next attempt', () => {
    for (const outcome of ['failed', 'suppressed'] as const) {
      expect(settledFields({ outcome, at: 't0', reason: `why ${outcome}` })).to.deep.equal({
        state: outcome,
        nextAttemptAt: null,
        inDoubt: false,
        lastError: `why ${outcome}`,
        providerMessageId: null,
        sentAt: null,
      });
    }
  });
});

describe('recent replies of a number', () => {
  it('keeps sent entries at their sentAt and sending entries at their last attempt, newest first', () => {
    const replies = recentRepliesOf([
      entry('1', 'sent', { sentAt: '2026-01-01T00:00:10.000Z', lastAttemptAt: '2026-01-01T00:00:30.000Z' }),
      entry('2', 'sending', { lastAttemptAt: '2026-01-01T00:00:20.000Z', sentAt: '2026-01-01T00:00:05.000Z' }),
      entry('3', 'sent', { sentAt: '2026-01-01T00:00:40.000Z' }),
    ]);
    expect(replies).to.deep.equal([
      {
        from: '+15550000001',
        text: 'text 3',
        category: 'cat-3',
        at: '2026-01-01T00:00:40.000Z',
        queuedAt: '2026-01-01T00:00:03.000Z',
        state: 'sent',
      },
      {
        from: '+15550000001',
        text: 'text 2',
        category: 'cat-2',
        at: '2026-01-01T00:00:20.000Z',
        queuedAt: '2026-01-01T00:00:02.000Z',
        state: 'sending',
      },
      {
        from: '+15550000001',
        text: 'text 1',
        category: 'cat-1',
        at: '2026-01-01T00:00:10.000Z',
        queuedAt: '2026-01-01T00:00:01.000Z',
        state: 'sent',
      },
    ]);
  });

  it('orders newest first whatever order the entries come in, and keeps equal times', () => {
    const times = [
      '2026-01-01T00:00:02.000Z',
      '2026-01-01T00:00:09.000Z',
      '2026-01-01T00:00:05.000Z',
      '2026-01-01T00:00:05.000Z',
    ];
    const entries = times.map((sentAt, i) => entry(String(i + 1), 'sent', { sentAt }));
    const newestFirst = [...times].sort().reverse();
    expect(recentRepliesOf(entries).map((reply) => reply.at)).to.deep.equal(newestFirst);
    expect(recentRepliesOf([...entries].reverse()).map((reply) => reply.at)).to.deep.equal(newestFirst);
    // Equal times keep their input order (a stable sort): the comparator answers 0 for them.
    expect(
      recentRepliesOf(entries)
        .filter((reply) => reply.at === '2026-01-01T00:00:05.000Z')
        .map((reply) => reply.text),
    ).to.deep.equal(['text 3', 'text 4']);
  });

  it('leaves out pending, failed and suppressed entries even when they carry times, and entries with no time', () => {
    const stamped = { sentAt: '2026-01-01T00:00:10.000Z', lastAttemptAt: '2026-01-01T00:00:10.000Z' };
    expect(
      recentRepliesOf([
        entry('1', 'pending', stamped),
        entry('2', 'failed', stamped),
        entry('3', 'suppressed', stamped),
      ]),
    ).to.deep.equal([]);
    expect(
      recentRepliesOf([
        entry('4', 'sent', { lastAttemptAt: '2026-01-01T00:00:10.000Z' }),
        entry('5', 'sending', { sentAt: '2026-01-01T00:00:10.000Z' }),
      ]),
    ).to.deep.equal([]);
  });
});
