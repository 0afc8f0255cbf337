import { expect } from 'chai';
import { isoTime } from '../../src/store/query-time.ts';

describe('query time', () => {
  it('brings any parseable time to the form toISOString() writes', () => {
    expect(isoTime('2026-01-01T02:00:00+02:00', 'since')).to.equal('2026-01-01T00:00:00.000Z');
    expect(isoTime('2026-03-04', 'since')).to.equal('2026-03-04T00:00:00.000Z');
  });

  it('refuses a text that is no time, naming the field and the text', () => {
    expect(() => isoTime('yesterday', 'until')).to.throw(RangeError, 'until is not a timestamp: "yesterday"');
  });
});
