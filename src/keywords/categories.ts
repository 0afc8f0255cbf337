// Keyword categories and the outcome categories a decision can have.

export const KEYWORD_CATEGORIES = ['opt-out', 'opt-in', 'double-opt-in', 'help', 'custom'] as const;
export type KeywordCategory = (typeof KEYWORD_CATEGORIES)[number];

export const DECISION_CATEGORIES = [...KEYWORD_CATEGORIES, 'fuzzy-opt-out', 'default'] as const;
export type DecisionCategory = (typeof DECISION_CATEGORIES)[number];

export function isKeywordCategory(value: string): value is KeywordCategory {
  return (KEYWORD_CATEGORIES as readonly string[]).includes(value);
}
