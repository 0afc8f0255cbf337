import { expect } from 'chai';
import fc from 'fast-check';
import { DEFAULT_KEYWORDS } from '../../src/keywords/default-keywords.ts';
import { corpusDefaultClassifier } from './default-classifier.ts';

// Fresh classifiers per test: see phrase-corpus.test.ts.
let classifier = corpusDefaultClassifier();
let optOutClassifier = corpusDefaultClassifier('opt-out');
const KEYWORDS: Array<[string, string]> = [
  ...Object.entries(DEFAULT_KEYWORDS).flatMap(([category, words]) =>
    (words ?? []).map((word): [string, string] => [word, category]),
  ),
  ['Join', 'double-opt-in'],
  ['Promo', 'custom'],
];
const OPT_IN_WORDS = new Set((DEFAULT_KEYWORDS['opt-in'] ?? []).map((word) => word.toLowerCase()));

const randomCase = (word: string): fc.Arbitrary<string> =>
  fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((upper) =>
      [...word].map((letter, i) => (upper[i] === true ? letter.toUpperCase() : letter.toLowerCase())).join(''),
    );
const padding = fc.stringMatching(/^[ \t\u00a0.,!?¡¿()#*"'“”…🛑😡👍-]{0,4}$/u);

describe('classification properties', () => {
  beforeEach(() => {
    classifier = corpusDefaultClassifier();
    optOutClassifier = corpusDefaultClassifier('opt-out');
  });

  it('case, surrounding whitespace and punctuation never change an exact match', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...KEYWORDS)
          .chain(([word, category]) => fc.tuple(randomCase(word), padding, padding, fc.constant(category))),
        async ([word, before, after, category]) => {
          const decision = await classifier.classify(`${before}${word}${after}`);
          expect({ category: decision.category, rule: decision.rule }).to.deep.equal({ category, rule: 'exact' });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('random words that are not opt-in keywords never produce opt-in', async () => {
    const words = fc
      .array(fc.stringMatching(/^[a-zA-Z]{1,10}$/), { minLength: 1, maxLength: 6 })
      .map((list) => list.join(' '));
    await fc.assert(
      fc.asyncProperty(words, async (text) => {
        fc.pre(!OPT_IN_WORDS.has(text.toLowerCase()));
        const decision = await classifier.classify(text);
        expect(decision.category, text).to.not.equal('opt-in');
        expect(decision.effect, text).to.not.equal('opt-in');
      }),
      { numRuns: 2000 },
    );
  });

  it('a fuzzy match never opts in, and opts out only when the rule file says fuzzy.action is opt-out', async () => {
    const nearStop = fc.stringMatching(
      /^(s+t*o*p+|st[a-z]p|un[a-z]{0,3}sub[a-z]{0,4}|q[a-z]{2,3}t|no+ [a-z]{1,6}|[a-z]{1,6} stop [a-z]{1,6})$/,
    );
    await fc.assert(
      fc.asyncProperty(nearStop, async (text) => {
        const reply = await classifier.classify(text);
        const optOut = await optOutClassifier.classify(text);
        if (reply.category === 'fuzzy-opt-out') expect(reply.effect, text).to.equal(null);
        if (optOut.category === 'fuzzy-opt-out') expect(optOut.effect, text).to.equal('opt-out');
        expect([reply.effect, optOut.effect], text).to.not.include('opt-in');
      }),
      { numRuns: 2000 },
    );
  });
});
