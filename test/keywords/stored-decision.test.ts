import { expect } from 'chai';
import { createClassifier } from '../../src/keywords/classifier.ts';
import { DEFAULT_KEYWORDS } from '../../src/keywords/default-keywords.ts';

describe('the explanation stored with every decision', () => {
  it('keeps each condition outcome but not the keyword lists, so its size does not grow with the rule file', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => `word${i}`);
    const small = createClassifier({ keywords: DEFAULT_KEYWORDS, fuzzy: { enabled: true, action: 'reply' } });
    const large = createClassifier({
      keywords: { ...DEFAULT_KEYWORDS, help: many },
      fuzzy: { enabled: true, action: 'reply' },
    });
    const [a, b] = [await small.classify('hello there'), await large.classify('hello there')];
    const sizeOf = (value: unknown) => JSON.stringify(value).length;
    expect(sizeOf(b.explanation)).to.be.below(sizeOf(a.explanation) * 1.2);
    const text = JSON.stringify(b.explanation.conditions);
    expect(text).not.to.contain('word1999');
    expect(text).to.contain('"result":false');
  });
});

describe('the memo of evaluations by normalised text', () => {
  it('gives a repeated text the decision a fresh classifier gives, with its own text and its own reply', async () => {
    const options = {
      keywords: DEFAULT_KEYWORDS,
      fuzzy: { enabled: true, action: 'reply' as const },
      replies: { 'opt-out': (variables: Readonly<Record<string, string>>) => `bye ${variables.profileNumber}` },
    };
    const warm = createClassifier(options);
    await warm.classify('STOP');
    const repeated = await warm.classify('  stop!! ', { profileNumber: '+15550123' });
    const fresh = await createClassifier(options).classify('  stop!! ', { profileNumber: '+15550123' });
    expect(repeated).to.deep.equal(fresh);
    expect(repeated.text).to.equal('  stop!! ');
    expect(repeated.reply).to.equal('bye +15550123');
  });
});
