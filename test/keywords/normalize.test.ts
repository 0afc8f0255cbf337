import { expect } from 'chai';
import { normalize, normalizeText } from '../../src/keywords/normalize.ts';

describe('normalize', () => {
  it('folds full-width, circled and math-bold letters, format characters and case', () => {
    for (const text of ['ＳＴＯＰ', 'ⓈⓉⓄⓅ', '𝐒𝐓𝐎𝐏', 'S\u200bTOP', '\ufeffSTOP', 'St\u00adop', '\u00a0STOP\u00a0']) {
      expect(normalizeText(text), JSON.stringify(text)).to.equal('stop');
    }
  });

  it('folds Cyrillic and Greek look-alikes but keeps letters with no Latin twin', () => {
    expect(normalizeText('ЅТОР')).to.equal('stop');
    expect(normalizeText('ΗΕLP')).to.equal('help');
    expect(normalizeText('СТОП')).to.not.equal('stop');
  });

  it('strips diacritics (including the Turkish dotted capital I) and deletes apostrophes', () => {
    expect(normalizeText('ARRÊT')).to.equal('arret');
    expect(normalizeText('QUİT')).to.equal('quit');
    expect(normalizeText('Don’t text me')).to.equal('dont text me');
  });

  it('turns punctuation, symbols and emoji into single spaces and splits tokens', () => {
    expect(normalize('🛑STOP🛑, now!!')).to.deep.equal({
      normalized: 'stop now',
      tokens: ['stop', 'now'],
      compact: 'stopnow',
    });
    expect(normalize('👍')).to.deep.equal({ normalized: '', tokens: [], compact: '' });
  });
});
