// Keywords that cannot be compiled: empty after normalisation, or the same (normalised) word in two categories.
import { KEYWORD_CATEGORIES, type KeywordCategory } from './categories.ts';
import type { KeywordConfig } from './keyword-config.ts';
import { normalizeText } from './normalize.ts';

export interface KeywordConflict {
  category: KeywordCategory;
  /** Position of the keyword in its category's list. */
  index: number;
  message: string;
}

export function findKeywordConflicts(config: KeywordConfig): KeywordConflict[] {
  const conflicts: KeywordConflict[] = [];
  const owner = new Map<string, { category: KeywordCategory; keyword: string }>();
  for (const category of KEYWORD_CATEGORIES) {
    (config.keywords[category] ?? []).forEach((keyword, index) => {
      const normalized = normalizeText(keyword);
      if (normalized === '') {
        conflicts.push({
          category,
          index,
          message: `keyword ${JSON.stringify(keyword)} is empty once normalised (only spaces, punctuation or emoji)`,
        });
        return;
      }
      const first = owner.get(normalized);
      if (first === undefined) owner.set(normalized, { category, keyword });
      else if (first.category !== category) {
        conflicts.push({
          category,
          index,
          message: `keyword ${JSON.stringify(keyword)} is also listed under ${first.category} (${JSON.stringify(first.keyword)}): both read "${normalized}" once normalised`,
        });
      }
    });
  }
  return conflicts;
}
