import { expect } from 'chai';
import { bodyIdOf, eventIdOf, feedbackIdOf } from '../../src/store/idempotency-keys.ts';
import type { FeedbackRecord } from '../../src/store/store.ts';

function record(
  overrides: Partial<Pick<FeedbackRecord, 'webhookId' | 'messageId' | 'clientReference'>> & {
    status?: unknown;
    code?: unknown;
  } = {},
): FeedbackRecord {
  return {
    webhookId: overrides.webhookId ?? 'wh-1',
    messageId: overrides.messageId === undefined ? 'pm-1' : overrides.messageId,
    clientReference: overrides.clientReference === undefined ? 'ref-1' : overrides.clientReference,
    recipient: '+15550000002',
    status: {
      code: 'code' in overrides ? overrides.code : 0,
      status: 'status' in overrides ? overrides.status : 'DELIVERED',
      canonical: 'delivered',
      final: true,
    },
    receivedAt: '2026-01-01T00:00:00.000Z',
    bodyId: bodyIdOf('{"raw":1}'),
    event: { a: 1 },
  };
}

describe('idempotency keys', () => {
  it('an inbound event id is short, URL-safe, stable, and differs per webhook and per request', () => {
    const id = eventIdOf('wh-1', 'req-1');
    expect(id).to.match(/^[A-Za-z0-9_-]{22}$/);
    expect(eventIdOf('wh-1', 'req-1')).to.equal(id);
    expect(
      new Set([id, eventIdOf('wh-2', 'req-1'), eventIdOf('wh-1', 'req-2'), eventIdOf('wh-1req', '-1')]).size,
    ).to.equal(4);
  });

  it('a feedback id is stable across receipts and differs by webhook, message id, raw status and raw code', () => {
    const id = feedbackIdOf(record());
    expect(id).to.match(/^[A-Za-z0-9_-]{22}$/);
    expect(
      feedbackIdOf({ ...record(), receivedAt: '2027-01-01T00:00:00.000Z', bodyId: bodyIdOf('{}'), recipient: null }),
    ).to.equal(id);
    const variants = [
      record({ webhookId: 'wh-2' }),
      record({ messageId: 'pm-2' }),
      record({ status: 'READ' }),
      record({ code: 1 }),
      record({ code: '0' }),
      record({ status: null }),
      record({ code: null }),
    ].map(feedbackIdOf);
    expect(new Set([id, ...variants]).size).to.equal(variants.length + 1);
  });

  it('a feedback id keys on the client reference only when the message id is missing', () => {
    expect(feedbackIdOf(record({ clientReference: 'ref-2' }))).to.equal(feedbackIdOf(record()));
    const byReference = feedbackIdOf(record({ messageId: null }));
    expect(byReference).to.not.equal(feedbackIdOf(record({ messageId: null, clientReference: 'ref-2' })));
    // A client reference never collides with a message id of the same text.
    expect(byReference).to.not.equal(feedbackIdOf(record({ messageId: 'ref-1' })));
  });

  it('a missing raw status or code keys like null, never like the text "null" or the value missing from the JSON', () => {
    expect(feedbackIdOf(record({ status: undefined }))).to.equal(feedbackIdOf(record({ status: null })));
    expect(feedbackIdOf(record({ code: undefined }))).to.equal(feedbackIdOf(record({ code: null })));
    expect(feedbackIdOf(record({ status: 'null' }))).to.not.equal(feedbackIdOf(record({ status: null })));
  });

  it('keeps the ids of earlier releases: stores hold them, and a replay after an upgrade must still be a duplicate', () => {
    expect(eventIdOf('wh-1', 'req-1')).to.equal('YBJHhHaKmdi4d7v6RQqyoN');
    expect(feedbackIdOf(record())).to.equal('ql5PNRMOxx35C1e_tJuDYy');
  });

  it('keeps an inbound event and a feedback apart even with the same ids', () => {
    expect(eventIdOf('wh-1', 'pm-1')).to.not.equal(feedbackIdOf(record()));
  });
});
