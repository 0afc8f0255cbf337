// The fuzzy opt-out reference vocabulary: configured opt-out keywords plus the regulatory set, prepared once
// for lookups. Terms are kept in normalised form ("opt out"); matching uses their compact form ("optout").
import { NearMissIndex } from './near-miss-index.ts';
import { NEAR_MISS_MIN_KEYWORD } from './near-miss.ts';

/** FCC / CTIA revocation words every opt-out vocabulary includes, configured or not. */
export const REGULATORY_TERMS: readonly string[] = [
  'stop',
  'stopall',
  'stop all',
  'unsubscribe',
  'cancel',
  'end',
  'quit',
  'revoke',
  'optout',
  'opt out',
];

/** The separator of keyword lists inside compiled rule JSON (normalised keywords never contain it). */
export const LIST_SEPARATOR = '|';

export interface OptOutVocabulary {
  /** Compact forms of every term. */
  compactTerms: Set<string>;
  /** Terms under 4 letters ("no", "end"): exact, lead-word and squeeze checks only. */
  shortTerms: Set<string>;
  /** Terms of 4+ letters, for near-miss and token checks. */
  longTerms: Set<string>;
  index: NearMissIndex;
  /** Keywords of the other categories: never treated as a near-miss. */
  exclude: Set<string>;
}

export function splitList(list: string): string[] {
  return list === '' ? [] : list.split(LIST_SEPARATOR);
}

export function prepareVocabulary(vocabulary: string, exclude: string): OptOutVocabulary {
  const compactTerms = new Set(splitList(vocabulary).map((term) => term.replaceAll(' ', '')));
  const shortTerms = new Set<string>();
  const longTerms = new Set<string>();
  for (const term of compactTerms) (term.length < NEAR_MISS_MIN_KEYWORD ? shortTerms : longTerms).add(term);
  return {
    compactTerms,
    shortTerms,
    longTerms,
    index: new NearMissIndex(longTerms),
    exclude: new Set(splitList(exclude)),
  };
}
