// Classification throughput on one core: the phrase corpus (plus unseen variants) against the default rules
// and against 2,000 keywords, and a pooled engine against one engine built per message. The classifier
// memoises evaluations by normalised text, so repeated texts are cheap; the last mix never repeats one.
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

async function throughput(run: (text: string) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20_000; i += CONCURRENCY) await Promise.all(texts.slice(0, CONCURRENCY).map(run)); // warm-up
  const start = performance.now();
  for (let done = 0; done < MESSAGES; done += CONCURRENCY) {
    const batch: Array<Promise<unknown>> = [];
    for (let j = 0; j < CONCURRENCY; j++) batch.push(run(texts[(done + j) % texts.length] ?? ''));
    await Promise.all(batch);
  }
  return MESSAGES / ((performance.now() - start) / 1000);
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

const big = manyKeywords(2000);
const withDefaults = await throughput(classify(createClassifier(defaults)));
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
const unseenDefaults = await throughput(unseen(createClassifier(defaults)));
const unseenMany = await throughput(unseen(createClassifier(big)));

process.stdout.write(
  [
    'corpus phrases:',
    `  classify, default rules (${Object.values(defaults.keywords).flat().length} keywords): ${format(withDefaults)}`,
    `  classify, ${Object.values(big.keywords).flat().length} keywords:                  ${format(withMany)} (${(withDefaults / withMany).toFixed(2)}x slower)`,
    `  engine only, pooled engines:            ${format(pooled)}`,
    `  engine only, one engine per message:    ${format(fresh)} (pool is ${(pooled / fresh).toFixed(1)}x faster)`,
    'corpus phrases, half of them turned into free text that matches no keyword:',
    `  classify, default rules:                ${format(freeDefaults)}`,
    `  classify, ${Object.values(big.keywords).flat().length} keywords:                  ${format(freeMany)} (${(freeDefaults / freeMany).toFixed(2)}x slower)`,
    'every message a text never seen before (no reuse of a memoised evaluation):',
    `  classify, default rules:                ${format(unseenDefaults)}`,
    `  classify, ${Object.values(big.keywords).flat().length} keywords:                  ${format(unseenMany)} (${(unseenDefaults / unseenMany).toFixed(2)}x slower)`,
    `(${MESSAGES.toLocaleString('en-US')} messages, ${CONCURRENCY} in flight, one core)`,
  ].join('\n') + '\n',
);
