// What the compiler needs from a rule file: the keywords of each category and the fuzzy opt-out setting.
import type { KeywordCategory } from './categories.ts';

export type FuzzyAction = 'reply' | 'opt-out';

export interface KeywordConfig {
  /** Keywords as written by the admin; a category absent or empty has none. */
  keywords: Partial<Record<KeywordCategory, readonly string[]>>;
  fuzzy: { enabled: boolean; action: FuzzyAction };
}
