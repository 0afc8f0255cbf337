// The edges of each edit the near-miss predicate accepts, beyond the spec's examples in near-miss.test.ts.
import { expect } from 'chai';
import { nearMiss } from '../../src/keywords/near-miss.ts';
import { normalizeText } from '../../src/keywords/normalize.ts';
import { PreparedValues } from '../../src/keywords/operators.ts';

describe('near-miss edges', () => {
  it('a transposition swaps two neighbouring letters and changes nothing else', () => {
    expect(nearMiss('tsop', 'stop')).to.equal('transposition');
    expect(nearMiss('tsoa', 'stop')).to.equal(null); // a swap and a third change
    expect(nearMiss('ptos', 'stop')).to.equal(null); // first and last swapped: not neighbours
    expect(nearMiss('xsop', 'stop')).to.equal(null); // two changes, only one of them from the other place
    expect(nearMiss('txop', 'stop')).to.equal(null);
  });

  it('a vowel swap needs a keyword of 5 letters or more; a 4-letter one takes only neighbouring keys', () => {
    expect(nearMiss('pausa', 'pause')).to.equal('vowel-swap');
    expect(nearMiss('stap', 'stop')).to.equal(null);
  });

  it('an inserted letter may sit before the first letter, next to a key it touches', () => {
    expect(nearMiss('astop', 'stop')).to.equal('insertion');
    expect(nearMiss('stopz', 'stop')).to.equal(null);
  });

  it('needs a keyword of 4 letters or more and a word of 3 or more', () => {
    expect(nearMiss('ennd', 'end')).to.equal(null);
    expect(nearMiss('no', 'nooo')).to.equal(null);
  });

  it('a letter missing from the QWERTY map is no neighbour of anything, and never throws', () => {
    expect(nearMiss('støp', 'stop')).to.equal(null);
    expect(nearMiss('stoøp', 'stop')).to.equal(null);
  });
});

describe('normalising plain ASCII', () => {
  it('lower-cases, drops apostrophes and turns each run of other characters into one space', () => {
    expect(normalizeText("  Don't STOP--now!!  ")).to.equal('dont stop now');
    expect(normalizeText('`opt`  OUT')).to.equal('opt out');
  });
});

describe('prepared rule values', () => {
  it('finds the category of a keyword, passing over a list that is not a string', () => {
    const prepared = new PreparedValues();
    expect(prepared.categoryOf({ 'opt-out': 42, help: 'help|info' }, 'info')).to.equal('help');
    expect(prepared.categoryOf({ help: 'help|info' }, 'stop')).to.equal(null);
  });
});
