// What classifying one inbound text decides, and why.
import type { ConsentEffect } from '../consent/transition.ts';
import type { DecisionCategory } from './categories.ts';
import type { NearMissEdit } from './near-miss.ts';
import type { PhraseHit } from './phrase-index.ts';

export interface Explanation {
  normalized: string;
  tokens: string[];
  /** exact, empty, none, F0-regulatory-term, F1-near-miss:stop, F2-token:stpo~stop, F3-lead:no, F4-phrase:remove me ... */
  rule: string;
  keyword: string | null;
  nearMiss?: { token: string; keyword: string; edit: NearMissEdit | 'equal' };
  /** F4-phrase: the revocation phrase, the message words that matched it, and the score (0 = as written). */
  phrase?: PhraseHit;
  /** json-rules-engine RuleResult.toJSON(false) of every rule evaluated, in evaluation order. */
  conditions: unknown;
}

export interface Decision {
  text: string;
  normalized: string;
  category: DecisionCategory;
  /** The matched keyword (normalised) or, for a fuzzy opt-out, the opt-out term or revocation phrase it resembles. */
  keyword: string | null;
  rule: string;
  /** The consent change the message asks for; null for help, custom, default and a reply-only fuzzy match. */
  effect: ConsentEffect | null;
  reply: string | null;
  explanation: Explanation;
}
