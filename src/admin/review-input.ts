// A reviewer's decision on a review item as the API receives it: its JSON Schema, which the OpenAPI document
// serves, and the check compiled from it.
import { validationFailed } from './field-problem.ts';
import { schemaCheck } from './schema-check.ts';

export const REVIEW_DECISION_SCHEMA = {
  type: 'object',
  required: ['decision'],
  additionalProperties: false,
  properties: {
    decision: {
      enum: ['opt-out', 'dismiss'],
      description:
        'opt-out: the message meant to opt out (consent moves as of the message, and the confirmation is sent); dismiss: it did not',
    },
    note: {
      type: ['string', 'null'],
      maxLength: 2000,
      description: 'why, for the consent history (at most 2000 characters)',
    },
  },
} as const;

export interface ReviewDecisionBody {
  decision: 'opt-out' | 'dismiss';
  note: string | null;
}

const check = schemaCheck<{ decision: 'opt-out' | 'dismiss'; note?: string | null }>(REVIEW_DECISION_SCHEMA);

/** Throws validation_failed listing every problem. */
export function reviewDecisionOf(body: unknown): ReviewDecisionBody {
  const checked = check(body);
  if (!checked.ok) throw validationFailed('the decision', checked.problems);
  return { decision: checked.value.decision, note: checked.value.note ?? null };
}
