import { expect } from 'chai';
import fc from 'fast-check';
import { CANONICAL_STATUSES, type CanonicalStatus } from '../../src/events.ts';
import { advanceDelivery, isFinalStatus } from '../../src/feedback/advance-delivery.ts';
import type { DeliveryState } from '../../src/store/store.ts';

const target = { deliveryKey: 'msg-1', outboxId: null };
const status = (canonical: CanonicalStatus) => ({
  code: 0,
  status: canonical,
  canonical,
  final: isFinalStatus(canonical),
});
const replay = (statuses: CanonicalStatus[]) =>
  statuses.reduce<DeliveryState | null>(
    (current, canonical, index) =>
      advanceDelivery(current, target, status(canonical), `2024-01-01T00:00:${String(index).padStart(2, '0')}Z`),
    null,
  );
const arbitraryStatus = fc.constantFrom(...CANONICAL_STATUSES);

describe('advanceDelivery', () => {
  it('moves forward through queued, sent, delivered and read, and never back', () => {
    expect(replay(['queued', 'sent', 'delivered', 'read'])?.status).to.equal('read');
    expect(replay(['sent', 'queued'])?.status).to.equal('sent');
    expect(replay(['delivered', 'sent'])?.status).to.equal('delivered');
    expect(replay(['read', 'delivered'])?.status).to.equal('read');
  });

  it('ends a pending delivery with a failure, keeps the failure, and keeps delivered over a later failure', () => {
    expect(replay(['sent', 'failed'])).to.deep.include({ status: 'failed', final: true });
    expect(replay(['expired', 'delivered', 'read'])?.status).to.equal('expired');
    expect(replay(['delivered', 'undelivered'])?.status).to.equal('delivered');
  });

  it('orders reports by the provider status time: one timed before a non-final status changes nothing', () => {
    const timed = (canonical: CanonicalStatus, at: string) => ({ ...status(canonical), at });
    const sent = advanceDelivery(null, target, timed('sent', '2024-01-01T00:00:10Z'), '2024-01-01T00:01:00Z');
    expect(sent.statusTime).to.equal('2024-01-01T00:00:10Z');
    const late = advanceDelivery(sent, target, timed('failed', '2024-01-01T00:00:05Z'), '2024-01-01T00:01:01Z');
    expect(late).to.deep.equal(sent);
    const later = advanceDelivery(sent, target, timed('failed', '2024-01-01T00:00:15Z'), '2024-01-01T00:01:02Z');
    expect(later).to.include({ status: 'failed', final: true, statusTime: '2024-01-01T00:00:15Z' });
    // Untimed reports move as before, and the last known status time stays.
    expect(advanceDelivery(sent, target, status('failed'), '2024-01-01T00:01:03Z')).to.include({
      status: 'failed',
      statusTime: '2024-01-01T00:00:10Z',
    });
  });

  it('keeps the time of the change that set the status', () => {
    expect(replay(['sent', 'delivered', 'sent'])?.updatedAt).to.equal('2024-01-01T00:00:01Z');
  });

  it('never leaves a final status except delivered for read, whatever follows', () => {
    fc.assert(
      fc.property(fc.array(arbitraryStatus, { minLength: 1, maxLength: 12 }), (statuses) => {
        let current: DeliveryState | null = null;
        for (const canonical of statuses) {
          const next: DeliveryState = advanceDelivery(current, target, status(canonical), '2024-01-01T00:00:00Z');
          if (current?.final && next.status !== current.status) {
            expect([current.status, next.status]).to.deep.equal(['delivered', 'read']);
          }
          current = next;
        }
      }),
    );
  });

  it('is idempotent: applying the same status again changes nothing', () => {
    fc.assert(
      fc.property(fc.array(arbitraryStatus, { maxLength: 8 }), arbitraryStatus, (history, canonical) => {
        const once = advanceDelivery(replay(history), target, status(canonical), '2024-01-01T00:01:00Z');
        expect(advanceDelivery(once, target, status(canonical), '2024-01-01T00:02:00Z')).to.deep.equal(once);
      }),
    );
  });
});
