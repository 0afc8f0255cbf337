import { expect } from 'chai';
import { readCorpusJson } from '../support/corpus.ts';
import type { Decision } from '../../src/keywords/decision.ts';
import { corpusDefaultClassifier } from './default-classifier.ts';

describe('concurrent classification', () => {
  it('gives every message of 800 classified at once the decision it gets alone', async () => {
    const texts = readCorpusJson<Array<{ text: string }>>('phrases', 'phrases.json').map((entry) => entry.text);
    // Interleave exact hits (stop at the first priority) with texts that run every rule: on a shared engine the
    // fast ones would mark it finished and cut the slow ones short.
    const mixed = Array.from({ length: 800 }, (_, i) =>
      i % 3 === 0 ? `${texts[i % texts.length]} ${i}` : (texts[i % texts.length] ?? ''),
    );
    const classifier = corpusDefaultClassifier();
    const sequential: Decision[] = [];
    for (const text of mixed) sequential.push(await classifier.classify(text));
    const concurrent = await Promise.all(mixed.map((text) => classifier.classify(text)));
    const view = (decisions: Decision[]) =>
      decisions.map(({ text, category, rule, keyword, effect, reply }) => ({
        text,
        category,
        rule,
        keyword,
        effect,
        reply,
      }));
    expect(view(concurrent)).to.deep.equal(view(sequential));
    expect(new Set(sequential.map((decision) => decision.category)).size).to.be.greaterThan(4);
  });
});
