// A Classifier turns one inbound text into a Decision with the compiled json-rules-engine rules. Safe under
// many concurrent calls: each evaluation runs on an engine of its own (see engine-pool.ts).
import { Fact, type RuleProperties } from 'json-rules-engine';
import type { ConsentEffect } from '../consent/transition.ts';
import type { DecisionCategory } from './categories.ts';
import { compactRuleResult } from './compact-rule-result.ts';
import { compileKeywordRules } from './compile-rules.ts';
import type { Decision } from './decision.ts';
import { EnginePool } from './engine-pool.ts';
import { readFiredRule } from './fired-rule.ts';
import type { FuzzyAction, KeywordConfig } from './keyword-config.ts';
import { normalize } from './normalize.ts';
import { createOperators, isVocabularyValue, PreparedValues, type VocabularyValue } from './operators.ts';

export type ReplyRenderer = (variables: Readonly<Record<string, string>>) => string;

export interface ClassifierOptions extends KeywordConfig {
  /** Compiled Handlebars replies; a category without one replies nothing (null). */
  replies?: Partial<Record<DecisionCategory, ReplyRenderer>>;
  /** The rule file's own template variables ({{brand}}...). */
  variables?: Readonly<Record<string, string>>;
  senderNumber?: string;
}

export interface ClassifyContext {
  profileNumber?: string;
}

export interface Classifier {
  classify(text: string, context?: ClassifyContext): Promise<Decision>;
  /** The plain json-rules-engine rule JSON a reviewer audits (a copy). */
  compiledRules(): unknown[];
  /** Characters of normalised text the memo of evaluations holds (bounded; for tests). */
  memoChars(): number;
  /** The reply a category's decision sends (a reviewer's opt-out sends the opt-out one); null: none configured. */
  replyOf(category: DecisionCategory, keyword: string | null, context?: ClassifyContext): string | null;
}

const EFFECTS: Partial<Record<DecisionCategory, ConsentEffect>> = {
  'opt-out': 'opt-out',
  'opt-in': 'opt-in',
  'double-opt-in': 'double-opt-in',
};

/** A decision without what depends on the message itself (its text) or its sender (the rendered reply). */
type Evaluation = Omit<Decision, 'text' | 'reply'>;

const EVALUATION_MEMO_SIZE = 1_000;
/** Longer texts are evaluated but not remembered, so the memo holds at most 1,000 × 160 characters. */
const EVALUATION_MEMO_MAX_CHARS = 160;

export function createClassifier(options: ClassifierOptions): Classifier {
  return new RuleClassifier(options);
}

class RuleClassifier implements Classifier {
  private readonly rules: readonly RuleProperties[];
  private readonly prepared = new PreparedValues();
  private readonly pool: EnginePool;
  private readonly fuzzyAction: FuzzyAction;
  /** Normalised text -> its evaluation. Inbound traffic repeats a few texts (STOP, YES, HELP) all day. */
  private readonly evaluations = new Map<string, Evaluation>();

  constructor(private readonly options: ClassifierOptions) {
    this.rules = compileKeywordRules(options);
    this.pool = new EnginePool(this.rules, createOperators(this.prepared));
    this.fuzzyAction = options.fuzzy.action;
    // Built now rather than at the first message: a vocabulary too large for its near-miss index fails the load.
    for (const value of vocabularyValues(this.rules)) this.prepared.vocabulary(value);
  }

  compiledRules(): unknown[] {
    return structuredClone([...this.rules]);
  }

  memoChars(): number {
    let chars = 0;
    for (const normalized of this.evaluations.keys()) chars += normalized.length;
    return chars;
  }

  async classify(text: string, context: ClassifyContext = {}): Promise<Decision> {
    const facts = normalize(text);
    const evaluation = this.evaluations.get(facts.normalized) ?? (await this.evaluate(facts));
    return { text, ...evaluation, reply: this.render(evaluation.category, evaluation.keyword, context) };
  }

  /** Every fact derives from the normalised text, so its evaluation (conditions included) is reused. */
  private async evaluate(facts: ReturnType<typeof normalize>): Promise<Evaluation> {
    const result = await this.pool.run({
      normalized: constant('normalized', facts.normalized),
      tokens: constant('tokens', facts.tokens),
      compact: constant('compact', facts.compact),
    });
    const fired = readFiredRule(result, facts, this.rules, this.prepared);
    const evaluated = [...result.results, ...result.failureResults].sort(
      (a, b) => (b.priority ?? 0) - (a.priority ?? 0),
    );
    const effect =
      fired.category === 'fuzzy-opt-out'
        ? this.fuzzyAction === 'opt-out'
          ? 'opt-out'
          : null
        : (EFFECTS[fired.category] ?? null);
    const evaluation: Evaluation = {
      normalized: facts.normalized,
      category: fired.category,
      keyword: fired.keyword,
      rule: fired.rule,
      effect,
      explanation: {
        normalized: facts.normalized,
        tokens: facts.tokens,
        rule: fired.rule,
        keyword: fired.keyword,
        ...(fired.nearMiss === undefined ? {} : { nearMiss: fired.nearMiss }),
        ...(fired.phrase === undefined ? {} : { phrase: fired.phrase }),
        conditions: evaluated.map((ruleResult) => compactRuleResult(ruleResult.toJSON(false))),
      },
    };
    if (facts.normalized.length > EVALUATION_MEMO_MAX_CHARS) return evaluation;
    if (this.evaluations.size >= EVALUATION_MEMO_SIZE) this.evaluations.delete(this.evaluations.keys().next().value!);
    this.evaluations.set(facts.normalized, evaluation);
    return evaluation;
  }

  replyOf(category: DecisionCategory, keyword: string | null, context: ClassifyContext = {}): string | null {
    return this.render(category, keyword, context);
  }

  private render(category: DecisionCategory, keyword: string | null, context: ClassifyContext): string | null {
    const reply = this.options.replies?.[category];
    if (reply === undefined) return null;
    return reply({
      ...this.options.variables,
      keyword: keyword ?? '',
      senderNumber: this.options.senderNumber ?? '',
      profileNumber: context.profileNumber ?? '',
    });
  }
}

/** The opt-out vocabularies the rules' conditions name. */
function vocabularyValues(rules: readonly RuleProperties[]): VocabularyValue[] {
  const found: VocabularyValue[] = [];
  const pending: unknown[] = rules.map((rule) => rule.conditions);
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (typeof node !== 'object' || node === null) continue;
    const condition = node as { value?: unknown; any?: unknown; all?: unknown };
    if (isVocabularyValue(condition.value)) found.push(condition.value);
    for (const nested of [condition.any, condition.all]) if (Array.isArray(nested)) pending.push(...nested);
  }
  return found;
}

/** A per-message fact: computed once before the run, so json-rules-engine need not hash it for its cache. */
function constant(id: string, value: unknown): Fact {
  return new Fact(id, value, { cache: false });
}
