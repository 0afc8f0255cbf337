import { expect } from 'chai';
import fc from 'fast-check';
import { NearMissIndex } from '../../src/keywords/near-miss-index.ts';
import { nearMiss } from '../../src/keywords/near-miss.ts';

const VOCABULARY = ['stop', 'quit', 'cancel', 'unsubscribe', 'stopall', 'revoke', 'optout'];

describe('near-miss predicate', () => {
  it('accepts each kind of typo the spec lists', () => {
    expect(nearMiss('stopppp', 'stop')).to.equal('repeated-letters');
    expect(nearMiss('stpo', 'stop')).to.equal('transposition');
    expect(nearMiss('cancle', 'cancel')).to.equal('transposition');
    expect(nearMiss('srop', 'stop')).to.equal('adjacent-key-substitution');
    expect(nearMiss('stp', 'stop')).to.equal('deletion');
    expect(nearMiss('unsubscibe', 'unsubscribe')).to.equal('deletion');
    expect(nearMiss('unsubscribed', 'unsubscribe')).to.equal('insertion');
    expect(nearMiss('unsbscrbe', 'unsubscribe')).to.equal('two-edits');
    expect(nearMiss('cancil', 'cancel')).to.equal('vowel-swap');
  });

  it('refuses the words plain edit distance would flag', () => {
    for (const [word, keyword] of [
      ['top', 'stop'],
      ['step', 'stop'],
      ['shop', 'stop'],
      ['stops', 'stop'],
      ['quite', 'quit'],
      ['quiet', 'quit'],
      ['resubscribe', 'unsubscribe'],
      ['st0p', 'stop'],
      ['stop', 'stop'],
      ['no', 'nob'],
    ] as const) {
      expect(nearMiss(word, keyword), `${word} ~ ${keyword}`).to.equal(null);
    }
  });

  it('the hash index finds exactly what scanning the vocabulary with the predicate finds', () => {
    const index = new NearMissIndex(VOCABULARY);
    const typo = fc.constantFrom(...VOCABULARY).chain((term) =>
      fc
        .tuple(
          fc.nat(term.length),
          fc.constantFrom('delete', 'swap', 'insert', 'replace', 'double'),
          fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
        )
        .map(([at, edit, letter]) => {
          const i = Math.min(at, term.length - 1);
          if (edit === 'delete') return term.slice(0, i) + term.slice(i + 1);
          if (edit === 'swap') return term.slice(0, i) + (term[i + 1] ?? '') + (term[i] ?? '') + term.slice(i + 2);
          if (edit === 'insert') return term.slice(0, i) + letter + term.slice(i);
          if (edit === 'double') return term.slice(0, i) + (term[i] ?? '') + term.slice(i);
          return term.slice(0, i) + letter + term.slice(i + 1);
        }),
    );
    const word = fc.oneof(typo, fc.stringMatching(/^[a-z]{3,12}$/));
    fc.assert(
      fc.property(word, (w) => {
        const scanned = VOCABULARY.find((term) => nearMiss(w, term) !== null) ?? null;
        expect(index.find(w)?.keyword ?? null, w).to.equal(scanned);
      }),
      { numRuns: 3000 },
    );
  });
});
