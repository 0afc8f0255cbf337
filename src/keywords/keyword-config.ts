// What the compiler needs from a rule file: the keywords of each category and the fuzzy opt-out settings.
import type { KeywordCategory } from './categories.ts';

export type FuzzyAction = 'reply' | 'opt-out';

export interface KeywordConfig {
  /** Keywords as written by the admin; a category absent or empty has none. */
  keywords: Partial<Record<KeywordCategory, readonly string[]>>;
  fuzzy: {
    enabled: boolean;
    action: FuzzyAction;
    /** F4's revocation phrases as written; absent: DEFAULT_REVOCATION_PHRASES; empty: F4 is off. */
    phrases?: readonly string[];
    /** F4's highest score that flags; absent: DEFAULT_PHRASE_THRESHOLD. */
    phraseThreshold?: number;
  };
}
