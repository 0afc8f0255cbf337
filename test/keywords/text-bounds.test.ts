// Issue 15, finding 4: what the matcher looks at, and what its memos keep, is bounded whatever the texts.
import { expect } from 'chai';
import { createClassifier } from '../../src/keywords/classifier.ts';
import { DEFAULT_KEYWORDS } from '../../src/keywords/default-keywords.ts';
import { MAX_CLASSIFIED_CHARS, normalize } from '../../src/keywords/normalize.ts';
import { randomWords } from '../support/random-words.ts';

describe('text bounds of the classifier', () => {
  it('normalises only the first MAX_CLASSIFIED_CHARS characters of a text', () => {
    const long = `${'hello there '.repeat(20_000)}stop`;
    const facts = normalize(long);
    expect(facts.normalized.length).to.be.at.most(MAX_CLASSIFIED_CHARS);
    expect(facts.tokens).not.to.include('stop');
    expect(normalize(`please stop ${'x'.repeat(10)}`).tokens).to.include('stop');
  });

  it('keeps its memo of evaluations within a bound of characters after many unique long texts', async () => {
    const classifier = createClassifier({ keywords: DEFAULT_KEYWORDS, fuzzy: { enabled: true, action: 'reply' } });
    const filler = randomWords(2_000, 8).join(' ');
    for (let i = 0; i < 700; i++) await classifier.classify(`short text ${i}`);
    for (let i = 0; i < 300; i++) {
      const decision = await classifier.classify(`${i} ${filler} ${i}`);
      expect(decision.explanation.normalized.length).to.be.at.most(MAX_CLASSIFIED_CHARS);
    }
    expect(classifier.memoChars()).to.be.at.most(1_000 * 160);
    expect((await classifier.classify('STOP')).category).to.equal('opt-out');
  });
});
