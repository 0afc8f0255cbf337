// A large batch's phone numbers are parsed ahead of extraction in slices, a turn of the event loop between two
// (issue 15): 2,439 numbers parsed in one synchronous stretch held every other callback for 50-100 ms.
import { expect } from 'chai';
import { normalizePhone, WARM_SLICE_SIZE, warmPhoneMemo } from '../../src/template/normalize-phone.ts';
import { BATCH_RESULTS } from '../support/infobip-batch.ts';

/** An Infobip-shaped batch of distinct senders no other test texts from (a fresh exchange per run). */
function batchOf(count: number): { results: { from: string; to: string; text: string }[] } {
  const exchange = 200 + Math.floor(Math.random() * 700);
  return {
    results: Array.from({ length: count }, (_, index) => ({
      from: `1617${exchange}${String(index).padStart(4, '0')}`,
      to: '15550102',
      text: 'STOP',
    })),
  };
}

describe('warming the phone memo ahead of a batch', () => {
  it('parses a 2,439-result batch in slices of a bounded size, yielding to the event loop after each', async () => {
    const body = batchOf(BATCH_RESULTS);
    let turns = 0;
    const slices = await warmPhoneMemo(body, async () => {
      turns++;
    });
    // 2,439 senders and the one recipient.
    expect(slices).to.equal(Math.ceil((BATCH_RESULTS + 1) / WARM_SLICE_SIZE));
    expect(turns).to.equal(slices);
  });

  it('leaves a small body to extraction (no turn), and parses nothing it already knows', async () => {
    let turns = 0;
    const count = async () => {
      turns++;
    };
    normalizePhone('15550102'); // the recipient every batch shares, known from here on
    expect(await warmPhoneMemo(batchOf(WARM_SLICE_SIZE), count)).to.equal(0);
    const body = batchOf(WARM_SLICE_SIZE * 2 + 1);
    expect(await warmPhoneMemo(body, count)).to.equal(3);
    expect(await warmPhoneMemo(body, count)).to.equal(0);
    expect(turns).to.equal(3);
  });

  it('memoises what normalisation gives anyway: the same E.164 or null', async () => {
    const body = { results: [...batchOf(WARM_SLICE_SIZE + 1).results, { from: '1-2-3-4-5', to: '99999', text: '' }] };
    await warmPhoneMemo(body, async () => undefined);
    for (const { from } of body.results) {
      expect(normalizePhone(from)).to.equal(from.length === 11 ? `+${from}` : null);
    }
    expect(normalizePhone('99999')).to.equal(null);
  });
});
