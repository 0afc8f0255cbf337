// The string measures under the near-miss predicate: the capped OSA distance and the squeeze of repeated letters.
import { expect } from 'chai';
import fc from 'fast-check';
import { osaDistance } from '../../src/keywords/osa-distance.ts';
import { squeeze } from '../../src/keywords/squeeze.ts';

/** Textbook optimal string alignment distance, full matrix, no cap: the reference the capped one must agree with. */
function referenceOsa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] ?? [];
    for (let j = 1; j <= b.length; j++) {
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, at(i - 2, j - 2) + 1);
      row[j] = value;
    }
  }
  return at(a.length, b.length);
}

describe('capped OSA distance', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions', () => {
    expect(osaDistance('stop', 'stop', 2)).to.equal(0);
    expect(osaDistance('stpo', 'stop', 2)).to.equal(1);
    expect(osaDistance('sto', 'stop', 2)).to.equal(1);
    expect(osaDistance('stoop', 'stop', 2)).to.equal(1);
    expect(osaDistance('stap', 'stop', 2)).to.equal(1);
    expect(osaDistance('unsbscrbe', 'unsubscribe', 2)).to.equal(2);
    // OSA edits no substring twice: "ca" -> "abc" is 3, where unrestricted Damerau-Levenshtein says 2.
    expect(osaDistance('ca', 'abc', 3)).to.equal(3);
  });

  it('answers max + 1 for anything farther than max, however far', () => {
    expect(osaDistance('abc', 'xyz', 2)).to.equal(3);
    expect(osaDistance('a', 'abcdef', 2)).to.equal(3);
    expect(osaDistance('abcdef', 'a', 2)).to.equal(3);
    expect(osaDistance('cancel', 'xxxxxx', 1)).to.equal(2);
  });

  it('agrees with the full-matrix distance, capped at max + 1', () => {
    const word = fc.stringMatching(/^[abc]{0,7}$/);
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, max) => {
        expect(osaDistance(a, b, max), `${a} ${b} ${max}`).to.equal(Math.min(referenceOsa(a, b), max + 1));
      }),
      { numRuns: 1500 },
    );
  });
});

describe('squeeze', () => {
  it('collapses each run of one letter to a single letter and keeps everything else in order', () => {
    expect(squeeze('stopppp')).to.equal('stop');
    expect(squeeze('nnnooo')).to.equal('no');
    expect(squeeze('aabbaa')).to.equal('aba');
    expect(squeeze('')).to.equal('');
    expect(squeeze('x')).to.equal('x');
  });
});
