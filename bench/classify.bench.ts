// Classification throughput on one core: the phrase corpus (plus unseen variants) against the default rules
// and against 2,000 keywords, and a pooled engine against one engine built per message. The classifier
// memoises evaluations by normalised text, so repeated texts are cheap; the last mixes never repeat one.
// The default rules run the revocation-phrase tier (F4); the same rules with `phrases: []` show its cost.
// First, F4's recall and false-positive rate on the development set, tuning and held-out halves apart, and on
// the second development set of test/fixtures/revocations.
// Run: npm run bench:classify. Figures are printed, never asserted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fact } from 'json-rules-engine';
import { createClassifier, type Classifier } from '../src/keywords/classifier.ts';
import { compileKeywordRules } from '../src/keywords/compile-rules.ts';
import { DEFAULT_KEYWORDS } from '../src/keywords/default-keywords.ts';
import { buildEngine, EnginePool } from '../src/keywords/engine-pool.ts';
import type { KeywordConfig } from '../src/keywords/keyword-config.ts';
import { normalize } from '../src/keywords/normalize.ts';
import { createOperators, PreparedValues } from '../src/keywords/operators.ts';
import { PhraseIndex } from '../src/keywords/phrase-index.ts';
import { DEFAULT_PHRASE_THRESHOLD, DEFAULT_REVOCATION_PHRASES } from '../src/keywords/revocation-phrases.ts';
import { isFlagged, revocationDevSet, revocationSplit, type RevocationCase } from '../test/support/revocation-set.ts';

const CORPUS = join(import.meta.dirname, '..', 'test', 'corpus');
const MESSAGES = 200_000;
const CONCURRENCY = 256;

const phrases = (
  JSON.parse(readFileSync(join(CORPUS, 'phrases', 'phrases.json'), 'utf8')) as Array<{ text: string }>
).map((entry) => entry.text);
// Two mixes: the corpus phrases as they are (mostly keywords and near-misses), and half of them turned into free
// text that matches no keyword (a word and a number appended), which runs every rule.
const corpusMix = Array.from({ length: 4096 }, (_, i) => phrases[i % phrases.length] ?? '');
const freeTextMix = corpusMix.map((text, i) => (i % 2 === 0 ? text : `${text} order ${i}`));
let texts = corpusMix;

const defaults: KeywordConfig = {
  keywords: { ...DEFAULT_KEYWORDS, 'double-opt-in': ['join'], custom: ['promo'] },
  fuzzy: { enabled: true, action: 'reply' },
};

const tierOff: KeywordConfig = { ...defaults, fuzzy: { ...defaults.fuzzy, phrases: [] } };

/** Recall over the revocations and false-positive rate over the benign texts of one half, with what went wrong. */
async function accuracy(cases: RevocationCase[]): Promise<string[]> {
  const classifier = createClassifier(defaults);
  let caught = 0;
  let flaggedBenign = 0;
  let flaggedByPhrase = 0;
  const wrong: string[] = [];
  for (const entry of cases) {
    const decision = await classifier.classify(entry.text);
    const flagged = isFlagged(decision);
    if (entry.expected === 'revocation' && flagged) caught++;
    if (entry.expected === 'benign' && flagged) flaggedBenign++;
    if (entry.expected === 'benign' && decision.rule.startsWith('F4')) flaggedByPhrase++;
    if (flagged !== (entry.expected === 'revocation')) {
      wrong.push(`    ${flagged ? 'flagged' : 'missed '} ${JSON.stringify(entry.text)} (${decision.rule})`);
    }
  }
  const revocations = cases.filter((entry) => entry.expected === 'revocation').length;
  const benign = cases.length - revocations;
  const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`;
  return [
    `  recall ${caught}/${revocations} = ${percent(caught, revocations)}, false positives ${flaggedBenign}/${benign} = ${percent(flaggedBenign, benign)} (F4: ${flaggedByPhrase})`,
    ...wrong,
  ];
}

function manyKeywords(count: number): KeywordConfig {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'do', 'gu'];
  const words = Array.from({ length: count }, (_, i) => {
    let word = 'q';
    for (let n = i + 1; n > 0; n = Math.floor(n / syllables.length)) word += syllables[n % syllables.length];
    return word;
  });
  const quarter = Math.floor(count / 4);
  return {
    keywords: {
      'opt-out': [...(DEFAULT_KEYWORDS['opt-out'] ?? []), ...words.slice(0, quarter)],
      'opt-in': [...(DEFAULT_KEYWORDS['opt-in'] ?? []), ...words.slice(quarter, 2 * quarter)],
      help: [...(DEFAULT_KEYWORDS.help ?? []), ...words.slice(2 * quarter, 3 * quarter)],
      'double-opt-in': ['join', ...words.slice(3 * quarter)],
      custom: ['promo'],
    },
    fuzzy: { enabled: true, action: 'reply' },
  };
}

async function throughput(run: (text: string) => Promise<unknown>, messages = MESSAGES): Promise<number> {
  for (let i = 0; i < 20_000; i += CONCURRENCY) await Promise.all(texts.slice(0, CONCURRENCY).map(run)); // warm-up
  const start = performance.now();
  for (let done = 0; done < messages; done += CONCURRENCY) {
    const batch: Array<Promise<unknown>> = [];
    for (let j = 0; j < CONCURRENCY; j++) batch.push(run(texts[(done + j) % texts.length] ?? ''));
    await Promise.all(batch);
  }
  return messages / ((performance.now() - start) / 1000);
}

const ROUNDS = 5;

/**
 * The tier on against the tier off, measured in alternating slices (ROUNDS each, MESSAGES / ROUNDS messages): on a
 * shared machine the CPU a process gets changes from one minute to the next, so only slices run side by side compare.
 * Medians of each side and of the per-round ratio.
 */
async function onAgainstOff(
  on: (text: string) => Promise<unknown>,
  off: (text: string) => Promise<unknown>,
): Promise<{ on: number; off: number; ratio: number }> {
  const ons: number[] = [];
  const offs: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const a = await throughput(on, MESSAGES / ROUNDS);
    const b = await throughput(off, MESSAGES / ROUNDS);
    ons.push(a);
    offs.push(b);
    ratios.push(a / b);
  }
  return { on: median(ons), off: median(offs), ratio: median(ratios) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function engineRunner(config: KeywordConfig, pooled: boolean): (text: string) => Promise<unknown> {
  const rules = compileKeywordRules(config);
  const operators = createOperators(new PreparedValues());
  const pool = new EnginePool(rules, operators);
  return (text) => {
    const facts = normalize(text);
    const runtime = {
      normalized: new Fact('normalized', facts.normalized, { cache: false }),
      tokens: new Fact('tokens', facts.tokens, { cache: false }),
      compact: new Fact('compact', facts.compact, { cache: false }),
    };
    return pooled ? pool.run(runtime) : buildEngine(rules, operators).run(runtime);
  };
}

const format = (perSecond: number): string => `${Math.round(perSecond).toLocaleString('en-US')} messages/s`;
const classify = (classifier: Classifier) => (text: string) => classifier.classify(text);

const split = revocationSplit();
const tuningAccuracy = await accuracy(split.tuning);
const heldOutAccuracy = await accuracy(split.heldOut);
const devSet = revocationDevSet();
const devSetAccuracy = await accuracy(devSet);

const big = manyKeywords(2000);
const corpus = await onAgainstOff(classify(createClassifier(defaults)), classify(createClassifier(tierOff)));
const withMany = await throughput(classify(createClassifier(big)));
const pooled = await throughput(engineRunner(defaults, true));
const fresh = await throughput(engineRunner(defaults, false));
texts = freeTextMix;
const freeDefaults = await throughput(classify(createClassifier(defaults)));
const freeMany = await throughput(classify(createClassifier(big)));
// Every message a text never seen before, so the classifier's memo of evaluations never helps: the worst case.
let serial = 0;
const unseen = (classifier: Classifier) => (text: string) => classifier.classify(`${text} ${++serial}`);
texts = corpusMix;
const unseenCorpus = await onAgainstOff(unseen(createClassifier(defaults)), unseen(createClassifier(tierOff)));
const unseenMany = await throughput(unseen(createClassifier(big)));
// The development set's texts, never seen: most pass F0-F3, so F4 scores its windows on nearly every one.
texts = [...split.tuning, ...split.heldOut].map((entry) => entry.text);
const unseenRevocations = await onAgainstOff(unseen(createClassifier(defaults)), unseen(createClassifier(tierOff)));

// F4's own work, without the engine: the phrase index's find() per message, in microseconds.
const phraseIndex = new PhraseIndex(DEFAULT_REVOCATION_PHRASES, DEFAULT_PHRASE_THRESHOLD);
function microsecondsPerFind(sample: string[]): number {
  const tokenized = sample.map((text) => normalize(text).tokens);
  const start = performance.now();
  for (let i = 0; i < MESSAGES; i++) phraseIndex.find(tokenized[i % tokenized.length] ?? []);
  return ((performance.now() - start) * 1000) / MESSAGES;
}
const findRevocations = microsecondsPerFind(texts);
const findCorpus = microsecondsPerFind(freeTextMix);

const keywordCount = Object.values(big.keywords).flat().length;
const versus = (figures: { on: number; off: number; ratio: number }) =>
  `${format(figures.on)}; tier off ${format(figures.off)}; on/off ${(100 * figures.ratio).toFixed(0)}%`;
process.stdout.write(
  [
    'revocation-phrase tier (F4), default rules, test/corpus/phrases/revocations.json (flagged: any fuzzy tier or an exact opt-out):',
    `tuning half (even positions, ${split.tuning.length} texts):`,
    ...tuningAccuracy,
    `held-out half (odd positions, ${split.heldOut.length} texts):`,
    ...heldOutAccuracy,
    `own development set (test/fixtures/revocations/dev-set.json, ${devSet.length} texts, tuned on):`,
    ...devSetAccuracy,
    `throughput, F4 on against off (median of ${ROUNDS} alternating slices):`,
    `  corpus phrases, default rules:          ${versus(corpus)}`,
    `  never-seen corpus texts, default rules: ${versus(unseenCorpus)}`,
    `  never-seen revocations.json texts:      ${versus(unseenRevocations)}`,
    `  F4 alone (phrase index find): ${findRevocations.toFixed(2)} µs a revocations.json text, ${findCorpus.toFixed(2)} µs a corpus free text`,
    'corpus phrases:',
    `  classify, default rules (${Object.values(defaults.keywords).flat().length} keywords): ${format(corpus.on)}`,
    `  classify, ${keywordCount} keywords:                  ${format(withMany)} (${(corpus.on / withMany).toFixed(2)}x slower)`,
    `  engine only, pooled engines:            ${format(pooled)}`,
    `  engine only, one engine per message:    ${format(fresh)} (pool is ${(pooled / fresh).toFixed(1)}x faster)`,
    'corpus phrases, half of them turned into free text that matches no keyword:',
    `  classify, default rules:                ${format(freeDefaults)}`,
    `  classify, ${keywordCount} keywords:                  ${format(freeMany)} (${(freeDefaults / freeMany).toFixed(2)}x slower)`,
    'every message a text never seen before (no reuse of a memoised evaluation):',
    `  classify, default rules:                ${format(unseenCorpus.on)}`,
    `  classify, ${keywordCount} keywords:                  ${format(unseenMany)} (${(unseenCorpus.on / unseenMany).toFixed(2)}x slower)`,
    `(${MESSAGES.toLocaleString('en-US')} messages a figure, ${CONCURRENCY} in flight, one core)`,
  ].join('\n') + '\n',
);
