// The development set of the revocation-phrase tier (test/corpus/phrases/revocations.json), split once and for
// all by position, not chosen by looking at results: within each label, the cases at even positions (0, 2, ...)
// are the tuning half, those at odd positions the held-out half. bench/classify.bench.ts reports both; tests
// assert only stable facts of the tuning half.
import type { Decision } from '../../src/keywords/decision.ts';
import { readCorpusJson } from './corpus.ts';

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
