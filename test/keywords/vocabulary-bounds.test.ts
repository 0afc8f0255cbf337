// Issue 15, finding 3: the near-miss index must stay bounded whatever the opt-out keywords, and be built when
// the rule file loads, so a vocabulary too large is refused there instead of at the first callback.
import { expect } from 'chai';
import { createClassifier } from '../../src/keywords/classifier.ts';
import { DEFAULT_KEYWORDS } from '../../src/keywords/default-keywords.ts';
import {
  MAX_NEAR_MISS_ENTRIES,
  NearMissIndex,
  NearMissIndexTooLargeError,
} from '../../src/keywords/near-miss-index.ts';
import { NEAR_MISS_MAX_KEYWORD, nearMiss } from '../../src/keywords/near-miss.ts';
import { randomWords } from '../support/random-words.ts';

describe('near-miss index bounds', () => {
  it('indexes near-misses only for keywords of at most NEAR_MISS_MAX_KEYWORD letters; longer ones match exactly', async () => {
    const long = 'abcdefghijklmnopqrstuvwxyz'.slice(0, NEAR_MISS_MAX_KEYWORD + 1);
    const typo = long.slice(0, 10) + long.slice(11);
    expect(nearMiss(typo, long)).to.equal(null);
    expect(new NearMissIndex([long]).find(typo)).to.equal(null);
    const fitting = 'unsubscribe';
    expect(new NearMissIndex([fitting]).find('unsubscibe')).to.deep.equal({ keyword: fitting, edit: 'deletion' });
    const classifier = createClassifier({
      keywords: { ...DEFAULT_KEYWORDS, 'opt-out': [long] },
      fuzzy: { enabled: true, action: 'reply' },
    });
    expect((await classifier.classify(long)).category).to.equal('opt-out');
    expect((await classifier.classify(typo)).category).to.equal('default');
  });

  it('refuses, before building it, an index that would hold more than MAX_NEAR_MISS_ENTRIES entries', () => {
    const terms = randomWords(Math.ceil(MAX_NEAR_MISS_ENTRIES / 300) + 1, NEAR_MISS_MAX_KEYWORD);
    expect(() => new NearMissIndex(terms)).to.throw(NearMissIndexTooLargeError, /near-miss index/);
  });

  it('builds the index when the classifier is created, so a vocabulary too large fails there, not at the first message', () => {
    const terms = randomWords(Math.ceil(MAX_NEAR_MISS_ENTRIES / 300) + 1, NEAR_MISS_MAX_KEYWORD);
    expect(() =>
      createClassifier({ keywords: { 'opt-out': terms }, fuzzy: { enabled: true, action: 'reply' } }),
    ).to.throw(NearMissIndexTooLargeError);
  });

  it('does not memoise long words: the memo holds short words only', () => {
    const index = new NearMissIndex(['stop']);
    const long = `st${'o'.repeat(10_000)}p`;
    expect(index.find(long)).to.deep.equal({ keyword: 'stop', edit: 'repeated-letters' });
    expect(index.memoChars()).to.equal(0);
    index.find('stpo');
    expect(index.memoChars()).to.equal(4);
  });
});
