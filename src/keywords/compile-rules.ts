// Compiles keyword categories into plain json-rules-engine rule JSON: the document a compliance reviewer
// audits (`optline rules compile`). Keyword lists are '|'-joined strings of normalised keywords: json-rules-engine
// deep-copies every condition on every evaluation, and a string is copied by reference, so 2,000 keywords
// cost no more per message than 20.
import type { ConditionProperties, RuleProperties } from 'json-rules-engine';
import { KEYWORD_CATEGORIES, type KeywordCategory } from './categories.ts';
import type { KeywordConfig } from './keyword-config.ts';
import { findKeywordConflicts } from './keyword-conflicts.ts';
import { normalizeText } from './normalize.ts';
import { LIST_SEPARATOR, REGULATORY_TERMS } from './opt-out-vocabulary.ts';
import { OPERATOR_NAMES, type PhraseValue } from './operators.ts';
import { DEFAULT_PHRASE_THRESHOLD, DEFAULT_REVOCATION_PHRASES, findPhraseProblems } from './revocation-phrases.ts';

export const EXACT_RULE = 'exact-keyword';
export const FUZZY_RULE = 'fuzzy-opt-out';
/** F3 looks at replies of at most this many tokens ("No more texts please"). */
export const SHORT_REPLY_TOKENS = 4;

export function compileKeywordRules(config: KeywordConfig): RuleProperties[] {
  const conflicts = findKeywordConflicts(config);
  if (conflicts.length > 0) throw new Error(conflicts.map((conflict) => conflict.message).join('; '));
  const phraseProblems = findPhraseProblems(config.fuzzy.phrases ?? []);
  if (phraseProblems.length > 0) throw new Error(phraseProblems.map((problem) => problem.message).join('; '));

  const byCategory = new Map<KeywordCategory, string[]>();
  for (const category of KEYWORD_CATEGORIES) {
    const keywords = unique((config.keywords[category] ?? []).map(normalizeText));
    if (keywords.length > 0) byCategory.set(category, keywords);
  }
  const rules: RuleProperties[] = [];
  if (byCategory.size > 0) {
    const lists: Record<string, string> = {};
    for (const [category, keywords] of byCategory) lists[category] = keywords.join(LIST_SEPARATOR);
    rules.push({
      name: EXACT_RULE,
      priority: 2,
      conditions: { all: [{ name: 'exact', fact: 'normalized', operator: OPERATOR_NAMES.exact, value: lists }] },
      event: { type: 'keyword', params: { rule: 'exact' } },
    });
  }
  if (config.fuzzy.enabled) rules.push(fuzzyRule(config, byCategory));
  return rules;
}

function fuzzyRule(config: KeywordConfig, byCategory: Map<KeywordCategory, string[]>): RuleProperties {
  const configured = new Set([...byCategory.values()].flat());
  const others = new Set(
    [...byCategory].filter(([category]) => category !== 'opt-out').flatMap(([, keywords]) => keywords),
  );
  const vocabulary = unique([
    ...(byCategory.get('opt-out') ?? []),
    ...REGULATORY_TERMS.filter((term) => !others.has(term)),
  ]);
  const unconfiguredRegulatory = REGULATORY_TERMS.filter((term) => !configured.has(term));
  const phrases = vocabulary.filter((term) => term.includes(' '));
  const lists = { vocabulary: vocabulary.join(LIST_SEPARATOR), exclude: [...others].join(LIST_SEPARATOR) };
  // F0-F3 first (priority 2); F4 (priority 1) is evaluated only when none of them fired: json-rules-engine runs an
  // `any` by priority and stops at the first set that holds.
  const conditions: ConditionProperties[] = [
    {
      name: 'F0-regulatory-term',
      priority: 2,
      fact: 'normalized',
      operator: OPERATOR_NAMES.regulatoryTerm,
      value: unconfiguredRegulatory.join(LIST_SEPARATOR),
    },
    { name: 'F1-compact', priority: 2, fact: 'compact', operator: OPERATOR_NAMES.compact, value: lists },
    { name: 'F2-token', priority: 2, fact: 'tokens', operator: OPERATOR_NAMES.token, value: lists },
    {
      name: 'F2-phrase',
      priority: 2,
      fact: 'normalized',
      operator: OPERATOR_NAMES.phrase,
      value: phrases.join(LIST_SEPARATOR),
    },
    {
      name: 'F3-lead',
      priority: 2,
      fact: 'tokens',
      operator: OPERATOR_NAMES.shortLead,
      value: { ...lists, maxTokens: SHORT_REPLY_TOKENS },
    },
  ];
  const revocationPhrases = unique((config.fuzzy.phrases ?? DEFAULT_REVOCATION_PHRASES).map(normalizeText));
  if (revocationPhrases.length > 0) {
    const value: PhraseValue = {
      phrases: revocationPhrases.join(LIST_SEPARATOR),
      threshold: config.fuzzy.phraseThreshold ?? DEFAULT_PHRASE_THRESHOLD,
    };
    conditions.push({
      name: 'F4-phrase',
      priority: 1,
      fact: 'tokens',
      operator: OPERATOR_NAMES.revocationPhrase,
      value,
    });
  }
  return {
    name: FUZZY_RULE,
    priority: 1,
    conditions: { any: conditions },
    event: { type: 'fuzzy-opt-out', params: { action: config.fuzzy.action } },
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
