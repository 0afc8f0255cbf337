// The hash index must find exactly what scanning the vocabulary with the near-miss predicate finds, for any
// vocabulary: short and long terms (8+ letters take two edits), repeated terms, and words at the length bounds.
import { expect } from 'chai';
import fc from 'fast-check';
import { NearMissIndex } from '../../src/keywords/near-miss-index.ts';
import { nearMiss } from '../../src/keywords/near-miss.ts';

const POOL = [
  'stop',
  'shop',
  'quit',
  'end',
  'no',
  'cancel',
  'revoke',
  'takeback',
  'stopall',
  'unsubscribe',
  'cancellation',
  'optout',
];

/** What the index promises: the first letters-only term of 4+ letters, in vocabulary order, that w nearly is. */
function scan(vocabulary: readonly string[], w: string) {
  for (const term of vocabulary) {
    if (term.length < 4 || !/^\p{L}+$/u.test(term)) continue;
    const edit = nearMiss(w, term);
    if (edit !== null) return { keyword: term, edit };
  }
  return null;
}

const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz');
const edit = (word: string) =>
  fc
    .tuple(
      fc.nat(Math.max(word.length - 1, 0)),
      fc.constantFrom('delete', 'swap', 'insert', 'replace', 'double'),
      letter,
    )
    .map(([i, kind, extra]) => {
      if (kind === 'delete') return word.slice(0, i) + word.slice(i + 1);
      if (kind === 'swap') return word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2);
      if (kind === 'insert') return word.slice(0, i) + extra + word.slice(i);
      if (kind === 'double') return word.slice(0, i) + (word[i] ?? '') + word.slice(i);
      return word.slice(0, i) + extra + word.slice(i + 1);
    });
const typo = fc.constantFrom(...POOL).chain((term) => fc.oneof(edit(term), edit(term).chain(edit)));

describe('near-miss index', () => {
  it('finds what scanning finds, for random vocabularies and words one or two edits from their terms', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...POOL), { minLength: 1, maxLength: 8 }), typo, (vocabulary, w) => {
        expect(new NearMissIndex(vocabulary).find(w), `${w} in ${vocabulary.join(',')}`).to.deep.equal(
          scan(vocabulary, w),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('answers in vocabulary order, a repeated term keeping its first place', () => {
    expect(new NearMissIndex(['stop', 'shop', 'stop']).find('sop')).to.deep.equal({
      keyword: 'stop',
      edit: 'deletion',
    });
    expect(new NearMissIndex(['shop', 'stop']).find('sop')).to.deep.equal({ keyword: 'shop', edit: 'deletion' });
    // "top" is a deletion variant of both terms, a miss of the second only (a first letter is never dropped).
    expect(new NearMissIndex(['stop', 'topi']).find('top')).to.deep.equal({ keyword: 'topi', edit: 'deletion' });
  });

  it('reaches words one letter shorter than its shortest term and one longer than its longest', () => {
    const index = new NearMissIndex(['stop', 'cancel']);
    expect(index.find('stp')).to.deep.equal({ keyword: 'stop', edit: 'deletion' });
    expect(index.find('cancekl')).to.deep.equal({ keyword: 'cancel', edit: 'insertion' });
    expect(index.find('stooooooop')).to.deep.equal({ keyword: 'stop', edit: 'repeated-letters' });
  });

  it('takes two edits for terms of 8 letters or more, down to two letters shorter and up to two longer', () => {
    expect(new NearMissIndex(['takeback']).find('tzkebzck')).to.deep.equal({ keyword: 'takeback', edit: 'two-edits' });
    expect(new NearMissIndex(['unsubscribe']).find('unsbscrbe')).to.deep.equal({
      keyword: 'unsubscribe',
      edit: 'two-edits',
    });
    expect(new NearMissIndex(['unsubscribe']).find('unsubxscribex')).to.deep.equal({
      keyword: 'unsubscribe',
      edit: 'two-edits',
    });
    expect(new NearMissIndex(['cancel']).find('cxncxl')).to.equal(null); // 6 letters: one edit only
  });

  it('ignores terms under 4 letters or with anything but letters, even where the predicate alone would accept them', () => {
    expect(nearMiss('unsubscribe', 'u2nsubscribe')).to.equal('deletion');
    expect(new NearMissIndex(['u2nsubscribe', 'opt out', 'stop2']).find('unsubscribe')).to.equal(null);
    expect(new NearMissIndex(['stop2']).find('stop')).to.equal(null);
    expect(new NearMissIndex(['end', 'no']).find('ennd')).to.equal(null);
    expect(new NearMissIndex([]).find('stop')).to.equal(null);
  });

  it('gives a repeated word the same answer', () => {
    const index = new NearMissIndex(['stop']);
    expect(index.find('stpo')).to.deep.equal({ keyword: 'stop', edit: 'transposition' });
    expect(index.find('stpo')).to.deep.equal({ keyword: 'stop', edit: 'transposition' });
    expect(index.find('hello')).to.equal(null);
    expect(index.find('hello')).to.equal(null);
  });
});
