// The development set of the revocation-phrase tier (test/corpus/phrases/revocations.json), split once and for
// all by position, not chosen by looking at results: within each label, the cases at even positions (0, 2, ...)
// are the tuning half, those at odd positions the held-out half. bench/classify.bench.ts reports both; tests
// assert only stable facts of the tuning half.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Decision } from '../../src/keywords/decision.ts';
import { readCorpusJson, REPO_DIR } from './corpus.ts';

export interface RevocationCase {
  text: string;
  expected: 'revocation' | 'benign';
}

export interface RevocationSplit {
  tuning: RevocationCase[];
  heldOut: RevocationCase[];
}

export function revocationSplit(): RevocationSplit {
  const { cases } = readCorpusJson<{ cases: RevocationCase[] }>('phrases', 'revocations.json');
  const split: RevocationSplit = { tuning: [], heldOut: [] };
  for (const label of ['revocation', 'benign'] as const) {
    cases
      .filter((entry) => entry.expected === label)
      .forEach((entry, position) => (position % 2 === 0 ? split.tuning : split.heldOut).push(entry));
  }
  return split;
}

/** Flagged as the issue counts it: any fuzzy tier, or an exact opt-out, caught the message. */
export function isFlagged(decision: Pick<Decision, 'category'>): boolean {
  return decision.category === 'fuzzy-opt-out' || decision.category === 'opt-out';
}

/**
 * The second development set, test/fixtures/revocations/dev-set.json: written apart from the corpus, from how people
 * revoke consent by text and from benign texts that share their words. Free to tune on, all of it.
 */
export function revocationDevSet(): RevocationCase[] {
  const path = join(REPO_DIR, 'test', 'fixtures', 'revocations', 'dev-set.json');
  const { revocations, benign } = JSON.parse(readFileSync(path, 'utf8')) as { revocations: string[]; benign: string[] };
  return [
    ...revocations.map((text) => ({ text, expected: 'revocation' as const })),
    ...benign.map((text) => ({ text, expected: 'benign' as const })),
  ];
}
