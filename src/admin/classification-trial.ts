// Classifies a text from the console as `optline classify` does, with a live webhook's rules or with a rule file
// sent along (validated as the API validates one), without storing anything.
import { AppError } from '../errors.ts';
import { DECISION_CATEGORIES } from '../keywords/categories.ts';
import type { Classifier } from '../keywords/classifier.ts';
import type { Decision } from '../keywords/decision.ts';
import { formatExplanation } from '../keywords/explain.ts';
import type { WebhookDirectory } from '../webhooks/webhook-runtime.ts';
import { validationFailed } from './field-problem.ts';
import type { WebhookAdmin } from './webhook-admin.ts';

/** An SMS is at most a few KiB even concatenated; the bound keeps keyword matching cheap. */
export const TEXT_MAX_LENGTH = 4096;

export const CLASSIFY_SCHEMA = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  description: 'exactly one of webhookId and ruleFile',
  properties: {
    text: { type: 'string', maxLength: TEXT_MAX_LENGTH, description: 'the inbound message text' },
    webhookId: { type: 'string', minLength: 1, maxLength: 200, description: 'a live webhook whose rules classify' },
    ruleFile: {
      type: ['object', 'string'],
      maxLength: 128 * 1024,
      description: 'a rule file (JSON object, or its text) whose rules classify',
    },
    from: { type: 'string', maxLength: 64, description: 'the sender, for {{profileNumber}} in replies' },
  },
} as const;

export const CLASSIFICATION_SCHEMA = {
  type: 'object',
  required: ['category', 'keyword', 'rule', 'effect', 'reply', 'normalized', 'explanation', 'explanationText'],
  additionalProperties: false,
  properties: {
    category: { enum: [...DECISION_CATEGORIES] },
    keyword: { type: ['string', 'null'], description: 'the keyword matched, or the opt-out term resembled' },
    rule: { type: 'string', description: 'exact, empty, none, F1-near-miss:stop, ...' },
    effect: { enum: ['opt-out', 'opt-in', 'double-opt-in', null] },
    reply: { type: ['string', 'null'] },
    normalized: { type: 'string' },
    explanation: {
      type: 'object',
      required: ['normalized', 'tokens', 'rule', 'keyword'],
      description: 'as stored with an event: tokens, rule, keyword, nearMiss (with its edit), conditions evaluated',
    },
    explanationText: { type: 'string', description: 'what `optline explain` prints' },
  },
} as const;

export interface ClassifyInput {
  text: string;
  webhookId?: string;
  ruleFile?: string | Record<string, unknown>;
  from?: string;
}

export async function classifyTrial(
  input: ClassifyInput,
  deps: { directory: WebhookDirectory; webhooks: WebhookAdmin },
): Promise<Record<string, unknown>> {
  const classifier = await classifierFor(input, deps);
  const decision: Decision = await classifier.classify(
    input.text,
    input.from === undefined ? {} : { profileNumber: input.from },
  );
  const { category, keyword, rule, effect, reply, normalized, explanation } = decision;
  return {
    category,
    keyword,
    rule,
    effect,
    reply,
    normalized,
    explanation,
    explanationText: formatExplanation(decision),
  };
}

async function classifierFor(
  input: ClassifyInput,
  deps: { directory: WebhookDirectory; webhooks: WebhookAdmin },
): Promise<Pick<Classifier, 'classify'>> {
  if ((input.webhookId === undefined) === (input.ruleFile === undefined)) {
    throw validationFailed('the classification', [{ path: '', message: 'give exactly one of webhookId and ruleFile' }]);
  }
  if (input.webhookId !== undefined) {
    const webhook = deps.directory.get(input.webhookId);
    if (webhook === undefined) throw new AppError('not_found', `no webhook ${input.webhookId}`);
    if (webhook.target.classifier === null) {
      throw validationFailed('the classification', [
        { path: '/webhookId', message: `webhook ${input.webhookId} takes feedback only: it has no keywords` },
      ]);
    }
    return webhook.target.classifier;
  }
  const text = typeof input.ruleFile === 'string' ? input.ruleFile : JSON.stringify(input.ruleFile, null, 2);
  const definition = await deps.webhooks.validate(text);
  if (definition.classifier === null) {
    throw validationFailed('the classification', [
      { path: '/ruleFile', message: 'this is a feedback rule file: it has no keywords to classify with' },
    ]);
  }
  return definition.classifier;
}
