// The custom json-rules-engine operators the compiled rules use. Each parses its (string) rule value once
// and keeps the prepared form, so a message costs hash lookups whatever the number of keywords. Operators do
// no I/O and keep no per-message state: engines evaluating concurrently can share them.
import { Operator } from 'json-rules-engine';
import {
  matchCompact,
  matchPhrase,
  matchRegulatoryTerm,
  matchRevocationPhrase,
  matchShortLead,
  matchToken,
} from './fuzzy-opt-out.ts';
import { prepareVocabulary, splitList, type OptOutVocabulary } from './opt-out-vocabulary.ts';
import { PhraseIndex } from './phrase-index.ts';
import { isRecord } from '../json/is-record.ts';

export const OPERATOR_NAMES = {
  exact: 'isKeyword',
  regulatoryTerm: 'isUnconfiguredRegulatoryTerm',
  compact: 'compactMatchesOptOut',
  token: 'tokenMatchesOptOut',
  phrase: 'containsOptOutPhrase',
  shortLead: 'leadsWithShortOptOut',
  revocationPhrase: 'resemblesRevocationPhrase',
} as const;

export interface VocabularyValue {
  vocabulary: string;
  exclude: string;
}

/** F4's rule value: the normalised phrases joined by '|', and the threshold. */
export interface PhraseValue {
  phrases: string;
  threshold: number;
}

export type PhraseIndexBuilder = (phrases: string[], threshold: number) => PhraseIndex;

/** Memoised parsing of the rule values, shared by all engines of one classifier. */
export class PreparedValues {
  private readonly sets = new Map<string, Set<string>>();
  private readonly lists = new Map<string, string[]>();
  private readonly vocabularies = new Map<string, Map<string, OptOutVocabulary>>();
  private readonly phraseIndexes = new Map<string, Map<number, PhraseIndex>>();

  /** `buildPhraseIndex` is replaceable so a test can count the builds (one per rule file, never per message). */
  constructor(
    private readonly buildPhraseIndex: PhraseIndexBuilder = (phrases, threshold) => new PhraseIndex(phrases, threshold),
  ) {}

  set(list: string): Set<string> {
    let set = this.sets.get(list);
    if (set === undefined) {
      set = new Set(splitList(list));
      this.sets.set(list, set);
    }
    return set;
  }

  list(list: string): string[] {
    let items = this.lists.get(list);
    if (items === undefined) {
      items = splitList(list);
      this.lists.set(list, items);
    }
    return items;
  }

  /** Category of each keyword, from the exact rule's { category: list } value. */
  categoryOf(lists: Record<string, unknown>, normalized: string): string | null {
    for (const [category, list] of Object.entries(lists)) {
      if (typeof list === 'string' && this.set(list).has(normalized)) return category;
    }
    return null;
  }

  vocabulary(value: VocabularyValue): OptOutVocabulary {
    let byExclude = this.vocabularies.get(value.vocabulary);
    if (byExclude === undefined) {
      byExclude = new Map();
      this.vocabularies.set(value.vocabulary, byExclude);
    }
    let prepared = byExclude.get(value.exclude);
    if (prepared === undefined) {
      prepared = prepareVocabulary(value.vocabulary, value.exclude);
      byExclude.set(value.exclude, prepared);
    }
    return prepared;
  }

  phraseIndex(value: PhraseValue): PhraseIndex {
    let byThreshold = this.phraseIndexes.get(value.phrases);
    if (byThreshold === undefined) {
      byThreshold = new Map();
      this.phraseIndexes.set(value.phrases, byThreshold);
    }
    let index = byThreshold.get(value.threshold);
    if (index === undefined) {
      index = this.buildPhraseIndex(splitList(value.phrases), value.threshold);
      byThreshold.set(value.threshold, index);
    }
    return index;
  }
}

export function isPhraseValue(value: unknown): value is PhraseValue {
  return isRecord(value) && typeof value.phrases === 'string' && typeof value.threshold === 'number';
}

export function isVocabularyValue(value: unknown): value is VocabularyValue {
  return isRecord(value) && typeof value.vocabulary === 'string' && typeof value.exclude === 'string';
}

const isString = (fact: unknown): boolean => typeof fact === 'string';
const isStringArray = (fact: unknown): boolean =>
  Array.isArray(fact) && fact.every((token) => typeof token === 'string');

export function createOperators(prepared: PreparedValues): Operator[] {
  return [
    new Operator<string, unknown>(
      OPERATOR_NAMES.exact,
      (normalized, lists) => isRecord(lists) && prepared.categoryOf(lists, normalized) !== null,
      isString,
    ),
    new Operator<string, unknown>(
      OPERATOR_NAMES.regulatoryTerm,
      (normalized, list) => typeof list === 'string' && matchRegulatoryTerm(normalized, prepared.set(list)) !== null,
      isString,
    ),
    new Operator<string, unknown>(
      OPERATOR_NAMES.compact,
      (compact, value) => isVocabularyValue(value) && matchCompact(compact, prepared.vocabulary(value)) !== null,
      isString,
    ),
    new Operator<string[], unknown>(
      OPERATOR_NAMES.token,
      (tokens, value) => isVocabularyValue(value) && matchToken(tokens, prepared.vocabulary(value)) !== null,
      isStringArray,
    ),
    new Operator<string, unknown>(
      OPERATOR_NAMES.phrase,
      (normalized, list) => typeof list === 'string' && matchPhrase(normalized, prepared.list(list)) !== null,
      isString,
    ),
    new Operator<string[], unknown>(
      OPERATOR_NAMES.shortLead,
      (tokens, value) =>
        isVocabularyValue(value) &&
        isRecord(value) &&
        typeof value.maxTokens === 'number' &&
        matchShortLead(tokens, value.maxTokens, prepared.vocabulary(value)) !== null,
      isStringArray,
    ),
    new Operator<string[], unknown>(
      OPERATOR_NAMES.revocationPhrase,
      (tokens, value) => isPhraseValue(value) && matchRevocationPhrase(tokens, prepared.phraseIndex(value)) !== null,
      isStringArray,
    ),
  ];
}
