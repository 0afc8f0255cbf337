import { expect } from 'chai';
import { readCorpusJson } from '../support/corpus.ts';
import { corpusDefaultClassifier } from './default-classifier.ts';

interface PhraseCase {
  id: string;
  text: string;
  expected: string;
  contested: boolean;
  rule: string;
}

const cases = readCorpusJson<PhraseCase[]>('phrases', 'phrases.json');
// A fresh classifier per test: one kept across tests would answer from its memo of evaluations, which hides a
// change of the code (npm run mutation runs the tests again in the same process for each mutant).
let classifier = corpusDefaultClassifier();

describe('phrase corpus under the default configuration', () => {
  beforeEach(() => {
    classifier = corpusDefaultClassifier();
  });

  for (const phrase of cases.filter((entry) => !entry.contested)) {
    it(`${phrase.id} ${JSON.stringify(phrase.text).slice(0, 50)} is ${phrase.expected} by ${phrase.rule}`, async () => {
      const decision = await classifier.classify(phrase.text);
      expect({ category: decision.category, rule: decision.rule }).to.deep.equal({
        category: phrase.expected,
        rule: phrase.rule,
      });
    });
  }

  it('reports how the contested cases come out (not asserted: reasonable systems disagree)', async () => {
    const contested = cases.filter((entry) => entry.contested);
    const lines: string[] = [];
    let agree = 0;
    for (const phrase of contested) {
      const decision = await classifier.classify(phrase.text);
      const same = decision.category === phrase.expected;
      if (same) agree++;
      lines.push(
        `      ${same ? 'same' : 'DIFF'} ${phrase.id} ${JSON.stringify(phrase.text).slice(0, 40)} -> ${decision.category} (${decision.rule}); corpus label ${phrase.expected}`,
      );
    }
    process.stdout.write(`      contested: ${agree}/${contested.length} match the corpus label\n${lines.join('\n')}\n`);
    expect(contested.length).to.be.greaterThan(0);
  });
});
