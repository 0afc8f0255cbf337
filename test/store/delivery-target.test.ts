import { bodyIdOf } from '../../src/store/idempotency-keys.ts';
import { expect } from 'chai';
import { deliveryTargetOf } from '../../src/store/delivery-target.ts';
import type { FeedbackRecord } from '../../src/store/store.ts';

function record(messageId: string | null, clientReference: string | null): FeedbackRecord {
  return {
    webhookId: 'wh-1',
    messageId,
    clientReference,
    recipient: null,
    status: { code: 0, status: 'DELIVERED', canonical: 'delivered', final: true },
    receivedAt: '2026-01-01T00:00:00.000Z',
    bodyId: bodyIdOf('{}'),
    event: {},
  };
}

describe('delivery target of a feedback record', () => {
  it('is the outbox entry the adapter found, whatever ids the record carries', () => {
    expect(deliveryTargetOf(record('pm-1', 'ref-1'), 'ob-1')).to.deep.equal({ deliveryKey: 'ob-1', outboxId: 'ob-1' });
  });

  it('else the provider message id, else the client reference, else a key unique to the webhook', () => {
    expect(deliveryTargetOf(record('pm-1', 'ref-1'), null)).to.deep.equal({ deliveryKey: 'pm-1', outboxId: null });
    expect(deliveryTargetOf(record(null, 'ref-1'), null)).to.deep.equal({ deliveryKey: 'ref-1', outboxId: null });
    expect(deliveryTargetOf(record(null, null), null)).to.deep.equal({
      deliveryKey: 'unreferenced:wh-1',
      outboxId: null,
    });
  });
});
