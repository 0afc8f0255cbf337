// What a delivery record holds after each callback: which statuses are final, the vendor's own final flag,
// and the outbox entry a delivery stays linked to.
import { expect } from 'chai';
import { CANONICAL_STATUSES, type CanonicalStatus } from '../../src/events.ts';
import { advanceDelivery, isFinalStatus } from '../../src/feedback/advance-delivery.ts';
import type { DeliveryState } from '../../src/store/store.ts';

const status = (canonical: CanonicalStatus, final = false) => ({
  code: 1,
  status: canonical.toUpperCase(),
  canonical,
  final,
});
const state = (status: CanonicalStatus, final: boolean, outboxId: string | null = null): DeliveryState => ({
  deliveryKey: 'key-1',
  status,
  final,
  updatedAt: '2024-01-01T00:00:00Z',
  outboxId,
});

describe('delivery record', () => {
  it('takes delivered, read and every failure as final, and nothing else', () => {
    const final = CANONICAL_STATUSES.filter(isFinalStatus);
    expect(final).to.deep.equal(['delivered', 'undelivered', 'failed', 'rejected', 'expired', 'canceled', 'read']);
  });

  it('a first callback sets the record from the target, the status and its time', () => {
    expect(
      advanceDelivery(null, { deliveryKey: 'ob-1', outboxId: 'ob-1' }, status('sent'), '2024-01-01T00:00:05Z'),
    ).to.deep.equal({
      deliveryKey: 'ob-1',
      status: 'sent',
      final: false,
      updatedAt: '2024-01-01T00:00:05Z',
      outboxId: 'ob-1',
    });
    expect(advanceDelivery(null, { deliveryKey: 'pm-1', outboxId: null }, status('failed'), 't').final).to.equal(true);
  });

  it('a status the vendor marks final is final even when it is not final by itself', () => {
    const ended = advanceDelivery(null, { deliveryKey: 'pm-1', outboxId: null }, status('unknown', true), 't1');
    expect(ended.final).to.equal(true);
    // ...and so nothing moves it afterwards, not even a delivery.
    expect(advanceDelivery(ended, { deliveryKey: 'pm-1', outboxId: null }, status('delivered'), 't2')).to.equal(ended);
  });

  it('a later callback keeps the outbox entry the delivery was linked to, or links it when first known', () => {
    const linked = advanceDelivery(
      state('sent', false, 'ob-1'),
      { deliveryKey: 'key-1', outboxId: null },
      status('delivered'),
      't2',
    );
    expect(linked).to.deep.include({ status: 'delivered', final: true, updatedAt: 't2', outboxId: 'ob-1' });
    const learnt = advanceDelivery(
      state('queued', false, null),
      { deliveryKey: 'key-1', outboxId: 'ob-2' },
      status('sent'),
      't2',
    );
    expect(learnt.outboxId).to.equal('ob-2');
  });

  it('an unknown status never moves a delivery that has one, and a known one moves an unknown', () => {
    const queued = state('queued', false);
    expect(advanceDelivery(queued, { deliveryKey: 'key-1', outboxId: null }, status('unknown'), 't2')).to.equal(queued);
    expect(
      advanceDelivery(state('unknown', false), { deliveryKey: 'key-1', outboxId: null }, status('queued'), 't2').status,
    ).to.equal('queued');
  });

  it('a failure ends a delivery that was not final; read follows delivered; a repeat leaves the record as it was', () => {
    for (const failure of ['undelivered', 'failed', 'rejected', 'expired', 'canceled'] as const) {
      expect(
        advanceDelivery(state('sent', false), { deliveryKey: 'key-1', outboxId: null }, status(failure), 't2'),
        failure,
      ).to.deep.include({ status: failure, final: true });
    }
    expect(
      advanceDelivery(state('delivered', true), { deliveryKey: 'key-1', outboxId: null }, status('read'), 't2'),
    ).to.deep.include({ status: 'read', final: true, updatedAt: 't2' });
    const read = state('read', true);
    expect(advanceDelivery(read, { deliveryKey: 'key-1', outboxId: null }, status('read'), 't2')).to.equal(read);
    const failed = state('failed', true);
    expect(advanceDelivery(failed, { deliveryKey: 'key-1', outboxId: null }, status('read'), 't2')).to.equal(failed);
  });
});
