// A large batch's phone numbers are parsed in slices, each in its own turn of the event loop, before extraction
// runs: extraction then finds them parsed, and other callbacks are served between the slices instead of waiting
// for one long parse. (How long the loop stalls is a benchmark figure: npm run bench:batch.)
import { expect } from 'chai';
import { ingestCallback, type IngestTarget } from '../../src/webhooks/ingest-callback.ts';
import type { Store } from '../../src/store/store.ts';

/** A body of `count` results, each with its own sender number, as an Infobip inbound batch carries them. */
function batch(count: number): { payload: unknown; raw: string } {
  const results = Array.from({ length: count }, (_, index) => ({
    from: `+1202${String(5_000_000 + index).padStart(7, '0')}`,
    to: '15550100',
    text: 'hello',
    messageId: `m-${index}`,
  }));
  const payload = { results };
  return { payload, raw: JSON.stringify(payload) };
}

/** Ingests with an extractor that records how many turns of the event loop had passed when it was called. */
async function turnsBeforeExtraction(body: { payload: unknown; raw: string }): Promise<number> {
  let turns = 0;
  let ticking = true;
  const tick = () => {
    turns += 1;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  let seen = -1;
  const target: IngestTarget = {
    id: 'warm',
    kind: 'inbound',
    senderNumber: '+15550100',
    consentScope: 'sender',
    doubleOptInExpiresAfterDays: 1,
    revision: { id: 'warm', version: '1', contentHash: 'x' },
    classifier: null,
    extract: () => {
      seen = turns;
      return { kind: 'ignored', events: [], reason: 'the test stops here' };
    },
  };
  try {
    await ingestCallback(target, body.payload, body.raw, {} as Store, new Date().toISOString(), {
      sendsFrom: () => true,
      warn: () => undefined,
      maxClockSkewMs: 300_000,
    });
  } finally {
    ticking = false;
  }
  return seen;
}

describe('large callback bodies', () => {
  it('parse their 2,000 phone numbers in slices over several turns before extraction', async () => {
    const body = batch(2_000);
    expect(body.raw.length).to.be.above(16 * 1024);
    // 2,000 numbers in slices of 256: 8 slices, a turn after each.
    expect(await turnsBeforeExtraction(body)).to.be.at.least(7);
  });

  it('go straight to extraction when small: a single callback is not walked twice', async () => {
    expect(await turnsBeforeExtraction(batch(3))).to.equal(0);
  });
});
