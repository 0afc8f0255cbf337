// The fuzzy opt-out rules F0-F3 of the phrase spec, and F4 (revocation phrases), as pure functions over the
// message facts. The json-rules-engine operators call them for a yes/no; the classifier calls them again on the
// rule that fired to say which token, keyword and edit (or phrase, words and score) made it fire.
import type { NearMissEdit } from './near-miss.ts';
import type { OptOutVocabulary } from './opt-out-vocabulary.ts';
import type { PhraseHit, PhraseIndex } from './phrase-index.ts';
import { squeeze } from './squeeze.ts';

export interface FuzzyMatch {
  /** e.g. F1-near-miss:stop, F2-token:stpo~stop, F3-lead:no */
  rule: string;
  keyword: string;
  nearMiss?: { token: string; keyword: string; edit: NearMissEdit | 'equal' };
  /** F4: the revocation phrase, the message words that matched it, and the score. */
  phrase?: PhraseHit;
}

const LETTERS = /^\p{L}+$/u;

/** F0: the whole message is a regulatory term that is not configured as an exact keyword. */
export function matchRegulatoryTerm(normalized: string, terms: ReadonlySet<string>): FuzzyMatch | null {
  return terms.has(normalized) ? { rule: 'F0-regulatory-term', keyword: normalized } : null;
}

/** F1: the compact form equals a term, is a near-miss of a 4+ letter term, or squeezes to a short term. */
export function matchCompact(compact: string, vocabulary: OptOutVocabulary): FuzzyMatch | null {
  if (compact === '') return null;
  if (vocabulary.compactTerms.has(compact)) return { rule: 'F1-compact-equal', keyword: compact };
  if (vocabulary.exclude.has(compact) || !LETTERS.test(compact)) return null;
  const hit = vocabulary.index.find(compact);
  if (hit !== null) {
    return {
      rule: `F1-near-miss:${hit.keyword}`,
      keyword: hit.keyword,
      nearMiss: { token: compact, keyword: hit.keyword, edit: hit.edit },
    };
  }
  const squeezed = squeeze(compact);
  if (vocabulary.shortTerms.has(squeezed)) {
    return {
      rule: `F1-squeeze:${squeezed}`,
      keyword: squeezed,
      nearMiss: { token: compact, keyword: squeezed, edit: 'repeated-letters' },
    };
  }
  return null;
}

/** F2 (tokens): the first token that equals, or is a near-miss of, a 4+ letter term. */
export function matchToken(tokens: readonly string[], vocabulary: OptOutVocabulary): FuzzyMatch | null {
  for (const token of tokens) {
    if (vocabulary.longTerms.has(token)) {
      return { rule: `F2-token:${token}~${token}`, keyword: token, nearMiss: { token, keyword: token, edit: 'equal' } };
    }
  }
  for (const token of tokens) {
    if (vocabulary.exclude.has(token)) continue;
    const hit = vocabulary.index.find(token);
    if (hit !== null) {
      return {
        rule: `F2-token:${token}~${hit.keyword}`,
        keyword: hit.keyword,
        nearMiss: { token, keyword: hit.keyword, edit: hit.edit },
      };
    }
  }
  return null;
}

/** F2 (phrases): the message holds a phrase such as "opt out" as whole words. */
export function matchPhrase(normalized: string, phrases: readonly string[]): FuzzyMatch | null {
  const padded = ` ${normalized} `;
  for (const phrase of phrases) {
    if (padded.includes(` ${phrase} `)) return { rule: `F2-phrase:${phrase}`, keyword: phrase };
  }
  return null;
}

/** F3: a short reply (at most maxTokens tokens) led by a short opt-out term, or a word that squeezes to one. */
export function matchShortLead(
  tokens: readonly string[],
  maxTokens: number,
  vocabulary: OptOutVocabulary,
): FuzzyMatch | null {
  const lead = tokens[0];
  if (lead === undefined || tokens.length > maxTokens || vocabulary.exclude.has(lead)) return null;
  const term = vocabulary.shortTerms.has(lead) ? lead : squeeze(lead);
  return vocabulary.shortTerms.has(term) ? { rule: `F3-lead:${lead}`, keyword: term } : null;
}

/** F4: the message holds, approximately, one of the revocation phrases (see phrase-index.ts). */
export function matchRevocationPhrase(tokens: readonly string[], index: PhraseIndex): FuzzyMatch | null {
  const hit = index.find(tokens);
  return hit === null ? null : { rule: `F4-phrase:${hit.phrase}`, keyword: hit.phrase, phrase: hit };
}
