// Event times are bounded by the receipt time plus a small skew before consent orders by them (issue 15,
// finding 2): a provider's clock far ahead must not freeze consent, and a STOP that consent did not apply must
// not be answered as if it had.
import { expect } from 'chai';
import type { Store } from '../../src/store/store.ts';
import { backends } from '../support/store-backends.ts';
import { postJson, startService, type RunningService } from '../support/service.ts';
import * as callbacks from '../support/callbacks.ts';

const SENDER = '+15550100';
const HOUR_MS = 3_600_000;
let sequence = 0;
const nextId = () => `skew-${Date.now().toString(36)}-${++sequence}`;
const person = () => `+1202556${String(1000 + (sequence++ % 9000)).padStart(4, '0')}`;

for (const backend of backends()) {
  describe(`event times bounded by the receipt time, on the ${backend.name}`, function () {
    let store: Store;
    let service: RunningService;

    before(async () => {
      store = await backend.open();
      service = await startService({ store });
    });
    after(async () => {
      await service.close();
      await store.close();
    });

    async function send(from: string, text: string, at: Date | string): Promise<string> {
      const requestId = nextId();
      const body = callbacks.sinch.inbound({ requestId, from, to: SENDER, text, at: new Date(0) });
      const response = await postJson(service.urlOf('e2e-sinch'), {
        ...(body as Record<string, unknown>),
        received_at: typeof at === 'string' ? at : at.toISOString(),
      });
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
      return requestId;
    }

    const eventOf = async (from: string, requestId: string) =>
      (await store.listEvents({ profileNumber: from })).find((event) => event.requestId === requestId);

    for (const [label, future] of [
      ['9999-12-31 23:59:59', '9999-12-31T23:59:59Z'],
      ['one hour ahead (clock skew)', () => new Date(Date.now() + HOUR_MS).toISOString()],
    ] as const) {
      it(`applies a STOP sent after a YES stamped ${label}`, async () => {
        const from = person();
        const yes = await send(from, 'YES', typeof future === 'string' ? future : future());
        // The STOP comes later than the YES's bound (receipt + 5 minutes) by its own, truthful clock.
        await send(from, 'STOP', new Date(Date.now() + 6 * 60_000));
        expect((await store.consent({ senderNumber: SENDER, profileNumber: from })).state).to.equal('opted-out');
        const stored = await eventOf(from, yes);
        expect(Date.parse(stored?.eventTime ?? ''), 'bounded event time').to.be.below(Date.now() + 6 * 60_000);
        expect(stored?.event.normalized, "the provider's own time is kept").to.have.property('originTimestamp');
      });
    }

    it('records an older STOP arriving after a newer YES as unapplied, and answers it with no opt-out reply', async () => {
      const from = person();
      await send(from, 'YES', new Date());
      const stop = await send(from, 'STOP', new Date(Date.now() - HOUR_MS));
      expect((await store.consent({ senderNumber: SENDER, profileNumber: from })).state).to.equal('opted-in');
      const stored = await eventOf(from, stop);
      expect(stored?.category).to.equal('opt-out');
      expect(stored?.consentChanged).to.equal(false);
      expect(stored?.consentReason).to.match(/older than the last change/);
      expect(stored?.consentReason).to.match(/not applied/);
      expect(stored?.reply, 'the stored record agrees: no reply').to.equal(null);
      expect(stored?.outboxId).to.equal(null);
      const replies = (await store.outbox({})).filter((entry) => entry.reply.to === from);
      expect(replies.map((entry) => entry.reply.category)).to.deep.equal(['opt-in']);
    });
  });
}
