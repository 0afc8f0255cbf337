import { expect } from 'chai';
import { readCorpusJson } from '../support/corpus.ts';
import type { Decision } from '../../src/keywords/decision.ts';
import { normalize } from '../../src/keywords/normalize.ts';
import { corpusDefaultClassifier } from './default-classifier.ts';

/**
 * Every corpus phrase once as written, each followed by variants with a number appended, keeping the first text
 * of every normalised form. Exact hits (the first priority, done in a few ticks) thus sit between texts that go
 * on to the fuzzy rules: on a shared engine a fast run's finish would cut the slow ones short.
 */
function distinctTexts(variantsPerPhrase: number): string[] {
  const phrases = readCorpusJson<Array<{ text: string }>>('phrases', 'phrases.json').map((entry) => entry.text);
  const byNormalized = new Map<string, string>();
  phrases.forEach((phrase, index) => {
    for (let variant = 0; variant <= variantsPerPhrase; variant += 1) {
      const text = variant === 0 ? phrase : `${phrase} ${index * variantsPerPhrase + variant}`;
      const { normalized } = normalize(text);
      if (!byNormalized.has(normalized)) byNormalized.set(normalized, text);
    }
  });
  return [...byNormalized.values()];
}

const view = (decisions: Decision[]) =>
  decisions.map(({ text, category, rule, keyword, effect, reply }) => ({
    text,
    category,
    rule,
    keyword,
    effect,
    reply,
  }));

describe('concurrent classification', () => {
  it('gives every message of hundreds classified at once the decision it gets alone', async () => {
    const texts = distinctTexts(9);
    // The classifier memoises evaluations by normalised text: every text here normalises differently and the
    // concurrent pass runs on a classifier of its own, so each of its runs reaches the engine pool.
    expect(new Set(texts.map((text) => normalize(text).normalized)).size).to.equal(texts.length);
    expect(texts.length).to.be.greaterThan(500);

    // One text at a time, each run has the engine to itself: the decision every text gets alone.
    const reference = corpusDefaultClassifier();
    const alone: Decision[] = [];
    for (const text of texts) alone.push(await reference.classify(text));
    const classifier = corpusDefaultClassifier();
    const concurrent = await Promise.all(texts.map((text) => classifier.classify(text)));

    const expected = view(alone);
    const differing = view(concurrent)
      .map((got, index) => ({ concurrent: got, alone: expected[index] }))
      .filter((pair) => JSON.stringify(pair.concurrent) !== JSON.stringify(pair.alone));
    expect(differing.slice(0, 3), `${differing.length} of ${texts.length} decisions differ`).to.deep.equal([]);
    // Both kinds of run are present: the fast exact hits and the slow ones that reach the fuzzy rules.
    const rules = new Set(alone.map((decision) => decision.rule));
    expect(rules).to.include('exact');
    expect([...rules].some((rule) => rule.startsWith('F'))).to.equal(true);
    expect(new Set(alone.map((decision) => decision.category)).size).to.be.greaterThan(4);
  });
});
