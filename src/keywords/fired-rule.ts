// Reads the outcome of an engine run back into a category, rule name, keyword and near-miss: which rule
// fired comes from the engine; the details come from running that rule's matcher functions once more.
import type { EngineResult, RuleProperties } from 'json-rules-engine';
import type { DecisionCategory } from './categories.ts';
import { EXACT_RULE, FUZZY_RULE } from './compile-rules.ts';
import type { Explanation } from './decision.ts';
import {
  matchCompact,
  matchPhrase,
  matchRegulatoryTerm,
  matchRevocationPhrase,
  matchShortLead,
  matchToken,
  type FuzzyMatch,
} from './fuzzy-opt-out.ts';
import type { NormalizedText } from './normalize.ts';
import { isRecord } from '../json/is-record.ts';
import { isPhraseValue, isVocabularyValue, OPERATOR_NAMES, type PreparedValues } from './operators.ts';

export interface FiredRule {
  category: DecisionCategory;
  rule: string;
  keyword: string | null;
  nearMiss?: Explanation['nearMiss'];
  phrase?: Explanation['phrase'];
}

export function readFiredRule(
  result: EngineResult,
  facts: NormalizedText,
  rules: readonly RuleProperties[],
  prepared: PreparedValues,
): FiredRule {
  const fired = result.results[0]?.name;
  const rule = rules.find((candidate) => candidate.name === fired);
  if (rule !== undefined && fired === EXACT_RULE) {
    const lists = conditionsOf(rule)[0]?.value;
    const category = isRecord(lists) ? prepared.categoryOf(lists, facts.normalized) : null;
    if (category !== null) return { category: category as DecisionCategory, rule: 'exact', keyword: facts.normalized };
  }
  if (rule !== undefined && fired === FUZZY_RULE) {
    const match = firstFuzzyMatch(rule, facts, prepared);
    if (match !== null) return { category: 'fuzzy-opt-out', ...match };
  }
  return { category: 'default', rule: facts.normalized === '' ? 'empty' : 'none', keyword: null };
}

function firstFuzzyMatch(rule: RuleProperties, facts: NormalizedText, prepared: PreparedValues): FuzzyMatch | null {
  for (const condition of conditionsOf(rule)) {
    const value = condition.value;
    const match = matchCondition(condition.operator, value, facts, prepared);
    if (match !== null) return match;
  }
  return null;
}

function matchCondition(
  operator: unknown,
  value: unknown,
  facts: NormalizedText,
  prepared: PreparedValues,
): FuzzyMatch | null {
  switch (operator) {
    case OPERATOR_NAMES.regulatoryTerm:
      return typeof value === 'string' ? matchRegulatoryTerm(facts.normalized, prepared.set(value)) : null;
    case OPERATOR_NAMES.compact:
      return isVocabularyValue(value) ? matchCompact(facts.compact, prepared.vocabulary(value)) : null;
    case OPERATOR_NAMES.token:
      return isVocabularyValue(value) ? matchToken(facts.tokens, prepared.vocabulary(value)) : null;
    case OPERATOR_NAMES.phrase:
      return typeof value === 'string' ? matchPhrase(facts.normalized, prepared.list(value)) : null;
    case OPERATOR_NAMES.shortLead:
      return isVocabularyValue(value) && isRecord(value) && typeof value.maxTokens === 'number'
        ? matchShortLead(facts.tokens, value.maxTokens, prepared.vocabulary(value))
        : null;
    case OPERATOR_NAMES.revocationPhrase:
      return isPhraseValue(value) ? matchRevocationPhrase(facts.tokens, prepared.phraseIndex(value)) : null;
    default:
      return null;
  }
}

interface LeafCondition {
  operator: unknown;
  value: unknown;
}

/** The leaf conditions of a compiled rule's top-level all/any, in order. */
export function conditionsOf(rule: RuleProperties): LeafCondition[] {
  const top: unknown = rule.conditions;
  if (!isRecord(top)) return [];
  const list = top.all ?? top.any;
  return Array.isArray(list)
    ? list.filter(isRecord).map((condition) => ({ operator: condition.operator, value: condition.value }))
    : [];
}
