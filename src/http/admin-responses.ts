// The admin API's response bodies that the HTTP layer builds, as JSON Schemas: the OpenAPI document serves
// them, and test/http/admin-openapi.test.ts checks every route's real answers against them. Closed shapes
// (additionalProperties: false) so a renamed or extra field is caught; data taken from callbacks stays open.
import { CONSENT_STATES } from '../consent/consent-state.ts';
import { CANONICAL_STATUSES } from '../events.ts';
import { OUTBOX_STATES } from '../store/store.ts';
import { STATUS_BY_CODE } from '../errors.ts';
import { VENDOR_IDS, VERIFY_METHODS } from '../vendors/vendor-registry.ts';

const nullable = <T extends string>(type: T) => ({ type: [type, 'null'] }) as const;
const consentState = { enum: [...CONSENT_STATES] } as const;

export const ERROR_SCHEMA = {
  type: 'object',
  required: ['error', 'message'],
  additionalProperties: false,
  properties: { error: { enum: Object.keys(STATUS_BY_CODE) }, message: { type: 'string' } },
} as const;

export const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['path', 'message'],
  additionalProperties: false,
  properties: {
    path: { type: 'string', description: 'JSON pointer in the body ("" for the body itself), or query.<name>' },
    message: { type: 'string' },
    line: { type: 'integer', minimum: 1 },
    column: { type: 'integer', minimum: 1 },
  },
} as const;

export const VALIDATION_ERROR_SCHEMA = {
  type: 'object',
  required: ['error', 'message', 'problems'],
  additionalProperties: false,
  properties: {
    error: { const: 'validation_failed' },
    message: { type: 'string' },
    problems: { type: 'array', minItems: 1, items: PROBLEM_SCHEMA },
  },
} as const;

const webhookProperties = {
  id: { type: 'string' },
  name: { type: 'string' },
  description: { type: 'string' },
  vendor: { enum: [...VENDOR_IDS] },
  type: { enum: ['inbound', 'feedback', null] },
  version: { type: 'string' },
  contentHash: { type: 'string' },
  file: { ...nullable('string'), description: 'the rule file, relative to OPTLINE_RULES; null when from the API' },
  source: { enum: ['file', 'api'] },
  revision: { ...nullable('integer'), description: 'the API revision; null for a rule file' },
  credentials: { ...nullable('string'), description: 'null for a feedback webhook that names none' },
  senderNumber: { ...nullable('string'), description: 'null for a feedback webhook that names no credentials' },
  consentScope: { enum: ['sender', 'global'] },
  url: { type: 'string', description: 'where the provider posts callbacks (holds the secret)' },
  active: {
    type: 'boolean',
    description:
      'false until its credentials exist and a channel configuration attaches them to its sender number; a feedback webhook that names no credentials is active at once',
  },
  inactiveReason: nullable('string'),
  warning: nullable('string'),
  verification: {
    enum: [...VERIFY_METHODS, null],
    description:
      "the rule file's `verify` method every callback is checked by before it is stored; null: the secret URL alone",
  },
  templateWarnings: {
    type: 'array',
    items: { type: 'string' },
    description:
      'what its payload template leaves to defaults (no {{originTimestamp}}: the time of receipt; no {{failureCode}}: null codes), as line:column: message',
  },
} as const;

export const WEBHOOK_SCHEMA = {
  type: 'object',
  required: Object.keys(webhookProperties),
  additionalProperties: false,
  properties: webhookProperties,
} as const;

export const WEBHOOK_REVISION_SCHEMA = {
  type: 'object',
  required: ['revision', 'at', 'author', 'diff', 'content', 'deleted'],
  additionalProperties: false,
  properties: {
    revision: { type: 'integer', minimum: 1 },
    at: { type: 'string', format: 'date-time' },
    author: { type: 'string', description: 'the label of the token that made the change' },
    diff: {
      type: 'array',
      description: 'RFC 6902 JSON Patch from the previous revision',
      items: {
        type: 'object',
        required: ['op', 'path'],
        additionalProperties: false,
        properties: { op: { enum: ['add', 'remove', 'replace'] }, path: { type: 'string' }, value: {} },
      },
    },
    content: { ...nullable('string'), description: 'the rule file as sent; null for a deletion' },
    deleted: { type: 'boolean' },
  },
} as const;

export const WEBHOOK_DETAIL_SCHEMA = {
  type: 'object',
  required: [...WEBHOOK_SCHEMA.required, 'revisions'],
  additionalProperties: false,
  properties: {
    ...webhookProperties,
    revisions: { type: 'array', items: WEBHOOK_REVISION_SCHEMA, description: 'oldest first; empty for a rule file' },
  },
} as const;

export const WEBHOOK_REVISIONS_SCHEMA = {
  type: 'object',
  required: ['webhookId', 'revisions'],
  additionalProperties: false,
  properties: { webhookId: { type: 'string' }, revisions: { type: 'array', items: WEBHOOK_REVISION_SCHEMA } },
} as const;

const ruleRevision = {
  type: 'object',
  required: ['id', 'version', 'contentHash'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    version: { type: 'string' },
    contentHash: { type: 'string' },
    apiRevision: { type: 'integer', minimum: 1 },
  },
} as const;

const consentSnapshot = {
  type: 'object',
  required: ['state', 'changedAt', 'version'],
  additionalProperties: false,
  properties: { state: consentState, changedAt: nullable('string'), version: { type: 'integer', minimum: 0 } },
} as const;

export const CONSENT_ROW_SCHEMA = {
  type: 'object',
  required: ['profileNumber', 'senderNumber', 'state', 'changedAt', 'version'],
  additionalProperties: false,
  properties: {
    profileNumber: { type: 'string' },
    senderNumber: { type: 'string', description: 'the sender number, or * for a global consent' },
    ...consentSnapshot.properties,
  },
} as const;

export const CONSENT_EXPORT_SCHEMA = {
  type: 'object',
  required: ['consents'],
  additionalProperties: false,
  properties: { consents: { type: 'array', items: CONSENT_ROW_SCHEMA } },
} as const;

const consentHistoryEntry = {
  type: 'object',
  required: ['at', 'webhookId', 'requestId', 'text', 'category', 'keyword', 'from', 'to', 'reason', 'ruleRevision'],
  additionalProperties: false,
  properties: {
    at: { type: 'string' },
    webhookId: { type: 'string' },
    requestId: { type: 'string' },
    text: { description: 'the message text as extracted from the callback (any JSON value)' },
    category: nullable('string'),
    keyword: nullable('string'),
    from: { enum: [...CONSENT_STATES, null] },
    to: { enum: [...CONSENT_STATES, null] },
    reason: nullable('string'),
    ruleRevision,
    source: { type: 'string', description: "'message', or the label of the reviewer whose decision made the change" },
    review: { $ref: '#/components/schemas/ReviewMark' },
  },
} as const;

export const CONSENT_LOOKUP_SCHEMA = {
  type: 'object',
  required: ['profileNumber', 'consents'],
  additionalProperties: false,
  properties: {
    profileNumber: { type: 'string' },
    consents: {
      type: 'array',
      items: {
        type: 'object',
        required: ['senderNumber', 'state', 'changedAt', 'version', 'history'],
        additionalProperties: false,
        properties: {
          senderNumber: { type: 'string' },
          ...consentSnapshot.properties,
          history: { type: 'array', items: consentHistoryEntry },
        },
      },
    },
  },
} as const;

export const AUDIENCE_SCHEMA = {
  type: 'object',
  required: ['webhookId', 'since', 'members'],
  additionalProperties: false,
  properties: {
    webhookId: nullable('string'),
    since: { type: 'string' },
    members: {
      type: 'array',
      items: {
        type: 'object',
        required: ['profileNumber', 'firstAt', 'lastAt', 'count'],
        additionalProperties: false,
        properties: {
          profileNumber: { type: 'string' },
          firstAt: { type: 'string' },
          lastAt: { type: 'string' },
          count: { type: 'integer', minimum: 1 },
        },
      },
    },
  },
} as const;

const storedEventProperties = {
  webhookId: { type: 'string' },
  requestId: { type: 'string' },
  receivedAt: { type: 'string' },
  eventTime: { type: 'string' },
  bodyId: { type: 'string', description: 'the callback body as received, stored once: GET /api/bodies/<bodyId>' },
  event: { type: 'object', description: 'the fields extracted from the callback' },
  category: nullable('string'),
  keyword: nullable('string'),
  explanation: { description: 'why the decision was made (json-rules-engine results included)' },
  customKeyword: { type: 'boolean' },
  binary: { type: 'boolean' },
  ruleRevision,
  consentKey: {
    type: ['object', 'null'],
    required: ['senderNumber', 'profileNumber'],
    additionalProperties: false,
    properties: { senderNumber: { type: 'string' }, profileNumber: { type: 'string' } },
  },
  reply: {
    type: ['object', 'null'],
    required: ['from', 'to', 'text', 'category'],
    additionalProperties: false,
    properties: {
      from: { type: 'string' },
      to: { type: 'string' },
      text: { type: 'string' },
      category: { type: 'string' },
    },
  },
  consentBefore: { ...consentSnapshot, type: ['object', 'null'] },
  consentAfter: { ...consentSnapshot, type: ['object', 'null'] },
  consentChanged: { type: 'boolean' },
  consentReason: nullable('string'),
  outboxId: nullable('string'),
  unattachedInboundNumber: {
    type: 'boolean',
    description:
      "the number texted is not the rule file's and no channel configuration attaches the webhook's credentials to it: consent was recorded, the reply is sent only once one does (absent on events stored before this flag)",
  },
  rawBodyHash: {
    type: 'string',
    description: "SHA-256 (hex) of the body's bytes as received (absent on events stored before it was kept)",
  },
  reviewer: { type: 'string', description: 'who decided the consent change by hand; absent for automatic decisions' },
  review: { $ref: '#/components/schemas/ReviewMark' },
} as const;
const optionalEventProperties: readonly string[] = ['unattachedInboundNumber', 'rawBodyHash', 'reviewer', 'review'];

export const EVENTS_SCHEMA = {
  type: 'object',
  required: ['events', 'next'],
  additionalProperties: false,
  properties: {
    next: {
      type: ['string', 'null'],
      description: 'the `before` of the next page; null on the last (a page ends at `limit` events or 4 MiB)',
    },
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: Object.keys(storedEventProperties).filter((key) => !optionalEventProperties.includes(key)),
        additionalProperties: false,
        properties: storedEventProperties,
      },
    },
  },
} as const;

export const BODY_SCHEMA = {
  type: 'object',
  required: ['bodyId', 'rawBody'],
  additionalProperties: false,
  properties: {
    bodyId: { type: 'string' },
    rawBody: { type: 'string', description: 'the callback body as received' },
  },
} as const;

export const SUBSCRIPTION_CONFIRMATIONS_SCHEMA = {
  type: 'object',
  required: ['webhookId', 'confirmations'],
  additionalProperties: false,
  properties: {
    webhookId: { type: 'string' },
    confirmations: {
      type: 'array',
      description: 'newest first, at most 100; every delivery of a message is its own entry',
      items: {
        type: 'object',
        required: ['messageType', 'messageId', 'topicArn', 'subscribeUrl', 'receivedAt', 'outcome', 'reason'],
        additionalProperties: false,
        properties: {
          messageType: { enum: ['SubscriptionConfirmation', 'UnsubscribeConfirmation'] },
          messageId: { type: 'string' },
          topicArn: { type: 'string' },
          subscribeUrl: {
            type: 'string',
            description:
              'visit it to confirm by hand; a pending message was not verified, so check that its host is sns.<region>.amazonaws.com first',
          },
          receivedAt: { type: 'string', format: 'date-time' },
          outcome: {
            enum: ['pending', 'confirmed', 'failed', 'ignored'],
            description:
              'pending: autoConfirm is off, the admin confirms; confirmed: signature verified and SubscribeURL visited; failed: a fetch did not get through (reason); ignored: an UnsubscribeConfirmation',
          },
          reason: nullable('string'),
        },
      },
    },
  },
} as const;

const canonicalStatus = { enum: [...CANONICAL_STATUSES] } as const;
const rawField = { description: 'as the provider sent it (any JSON type); null when it gave none' } as const;
const messageReportProperties = {
  at: { type: 'string', description: 'when Optline received the report' },
  webhookId: { type: 'string', description: 'the webhook that received it' },
  status: canonicalStatus,
  final: { type: 'boolean' },
  code: rawField,
  rawStatus: rawField,
  detail: rawField,
} as const;
const messageProperties = {
  id: { type: 'string', description: "the outbox id; for a message Optline did not send, the provider's message id" },
  webhookId: {
    type: 'string',
    description: 'the webhook that queued the reply, else the one that got its first report',
  },
  from: nullable('string'),
  to: nullable('string'),
  createdAt: { type: 'string', description: 'queued at, else when its first report was received' },
  state: { enum: [...OUTBOX_STATES, null], description: 'the outbox state; null when Optline did not send it' },
  attempts: { type: 'integer', minimum: 0 },
  providerMessageId: nullable('string'),
  status: { enum: [...CANONICAL_STATUSES, null], description: 'the delivery status; null until a report arrives' },
  final: { type: 'boolean' },
  updatedAt: nullable('string'),
  code: { ...rawField, description: 'of the report that set the status' },
  rawStatus: { ...rawField, description: 'of the report that set the status' },
  detail: { ...rawField, description: 'of the report that set the status' },
  history: {
    type: 'array',
    description: 'every report, oldest first',
    items: {
      type: 'object',
      required: Object.keys(messageReportProperties),
      additionalProperties: false,
      properties: messageReportProperties,
    },
  },
} as const;

export const MESSAGE_SCHEMA = {
  type: 'object',
  required: Object.keys(messageProperties),
  additionalProperties: false,
  properties: messageProperties,
} as const;

export const MESSAGES_SCHEMA = {
  type: 'object',
  required: ['messages', 'next'],
  additionalProperties: false,
  properties: {
    messages: { type: 'array', items: { $ref: '#/components/schemas/Message' } },
    next: { ...nullable('string'), description: 'pass as `before` for the next page; null on the last page' },
  },
} as const;

/** GET /api/consents/{number}/evidence (src/evidence/consent-evidence.ts). */
const chainVerification = {
  type: 'object',
  required: ['intact', 'verified', 'legacy', 'broken'],
  additionalProperties: false,
  properties: {
    intact: { type: 'boolean' },
    verified: { type: 'integer', minimum: 0, description: 'changes whose hash was recomputed and matched' },
    legacy: { type: 'integer', minimum: 0, description: 'changes stored before chains existed (no hash)' },
    broken: {
      type: ['object', 'null'],
      description: 'the first link that does not hold',
      required: ['version', 'eventId', 'problem'],
      additionalProperties: false,
      properties: { version: { type: 'integer' }, eventId: { type: 'string' }, problem: { type: 'string' } },
    },
  },
} as const;

const changeEvidenceProperties = {
  version: { type: 'integer', minimum: 1 },
  eventId: { type: 'string' },
  webhookId: { type: 'string' },
  requestId: { type: 'string' },
  receivedAt: { type: 'string' },
  eventTime: { type: 'string' },
  from: consentState,
  to: consentState,
  reason: { type: 'string' },
  category: nullable('string'),
  keyword: nullable('string'),
  reviewer: { ...nullable('string'), description: 'who decided the change by hand; null for an automatic decision' },
  previousHash: nullable('string'),
  hash: { ...nullable('string'), description: 'SHA-256 (hex) of the change (rules/README.md); null: legacy' },
  body: {
    type: 'object',
    required: ['rawBodyHash', 'whole', 'elements', 'withheld'],
    additionalProperties: false,
    properties: {
      rawBodyHash: { ...nullable('string'), description: "SHA-256 (hex) of the whole body's bytes, taken at ingest" },
      whole: { ...nullable('string'), description: "the body as received, when it holds only this person's events" },
      elements: {
        type: ['array', 'null'],
        description: "a batch holding other people's messages: only this person's elements, by JSON path",
        items: {
          type: 'object',
          required: ['path', 'value'],
          additionalProperties: false,
          properties: { path: { type: 'string' }, value: {} },
        },
      },
      withheld: { ...nullable('string'), description: "why the body is not shown (this person's part not found)" },
    },
  },
  event: { type: 'object', description: "the fields extracted from this person's message" },
  ruleRevision: {
    type: 'object',
    required: [...ruleRevision.required, 'content', 'contentMatches'],
    additionalProperties: false,
    properties: {
      ...ruleRevision.properties,
      content: { ...nullable('string'), description: 'the rule file text that decided; null when not recorded' },
      contentMatches: { type: ['boolean', 'null'], description: 'the text hashes to contentHash' },
    },
  },
  reply: {
    oneOf: [{ $ref: '#/components/schemas/Message' }, { type: 'null' }],
    description: 'the reply queued for this message, with its delivery history',
  },
} as const;

export const CONSENT_EVIDENCE_SCHEMA = {
  type: 'object',
  required: ['profileNumber', 'generatedAt', 'intact', 'consents'],
  additionalProperties: false,
  properties: {
    profileNumber: { type: 'string' },
    generatedAt: { type: 'string', format: 'date-time' },
    intact: { type: 'boolean', description: 'every consent chain of this person verifies' },
    consents: {
      type: 'array',
      items: {
        type: 'object',
        required: ['senderNumber', 'state', 'changedAt', 'version', 'verification', 'changes'],
        additionalProperties: false,
        properties: {
          senderNumber: { type: 'string' },
          ...consentSnapshot.properties,
          verification: chainVerification,
          changes: {
            type: 'array',
            description: 'oldest first',
            items: {
              type: 'object',
              required: Object.keys(changeEvidenceProperties),
              additionalProperties: false,
              properties: changeEvidenceProperties,
            },
          },
        },
      },
    },
  },
} as const;

// The review queue (src/admin/review-queue.ts).
export const REVIEW_MARK_SCHEMA = {
  type: 'object',
  description: "the reviewer's decision that moved this consent: which item, who (token label), when, why",
  required: ['itemId', 'by', 'at', 'note'],
  additionalProperties: false,
  properties: { itemId: { type: 'string' }, by: { type: 'string' }, at: { type: 'string' }, note: nullable('string') },
} as const;

const consentChange = {
  type: ['object', 'null'],
  required: ['changed', 'before', 'after', 'reason'],
  additionalProperties: false,
  properties: {
    changed: { type: 'boolean' },
    before: consentSnapshot,
    after: consentSnapshot,
    reason: { type: 'string' },
  },
} as const;

export const REVIEW_SCHEMA = {
  type: 'object',
  required: [
    'id',
    'webhookId',
    'requestId',
    'receivedAt',
    'eventTime',
    'consentKey',
    'inboundNumber',
    'text',
    'rule',
    'keyword',
    'state',
    'resolution',
    'consentNow',
  ],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    webhookId: { type: 'string' },
    requestId: { type: 'string' },
    receivedAt: { type: 'string', description: 'when the message came (the item was opened)' },
    eventTime: { type: 'string', description: "the message's own time: an opt-out decision orders as of it" },
    consentKey: storedEventProperties.consentKey,
    inboundNumber: nullable('string'),
    text: { type: 'string' },
    rule: { type: 'string', description: 'the fuzzy rule that matched (F0-F4)' },
    keyword: nullable('string'),
    state: { enum: ['open', 'resolved'] },
    resolution: {
      type: ['object', 'null'],
      required: ['decision', 'itemId', 'by', 'at', 'note', 'closedBy', 'consent', 'outboxId'],
      additionalProperties: false,
      properties: {
        ...REVIEW_MARK_SCHEMA.properties,
        decision: { enum: ['opt-out', 'dismiss', 'closed'], description: 'closed: a later exact opt-out closed it' },
        closedBy: {
          type: ['object', 'null'],
          required: ['webhookId', 'requestId'],
          additionalProperties: false,
          properties: { webhookId: { type: 'string' }, requestId: { type: 'string' } },
        },
        consent: { ...consentChange, description: "what an opt-out decision did to the person's consent" },
        outboxId: { ...nullable('string'), description: 'the opt-out confirmation queued' },
      },
    },
    consentNow: {
      type: 'object',
      required: ['state', 'changedAt', 'version', 'changedSince'],
      additionalProperties: false,
      properties: {
        ...consentSnapshot.properties,
        changedSince: { type: 'boolean', description: 'the consent changed after the reviewed message' },
      },
    },
  },
} as const;

export const REVIEWS_SCHEMA = {
  type: 'object',
  required: ['reviews'],
  additionalProperties: false,
  properties: { reviews: { type: 'array', items: { $ref: '#/components/schemas/Review' } } },
} as const;

// The rule simulation's report (src/simulation/simulate-rules.ts).
const simulationTransition = {
  type: 'object',
  required: ['from', 'to', 'count', 'examples'],
  additionalProperties: false,
  properties: {
    from: { type: 'string', description: "a category as `optline classify` spells it ('none': not classified)" },
    to: { type: 'string' },
    count: { type: 'integer', minimum: 1 },
    examples: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        required: ['requestId', 'eventTime', 'text', 'rule'],
        additionalProperties: false,
        properties: {
          requestId: { type: 'string' },
          eventTime: { type: 'string' },
          text: { type: 'string', description: 'masked (length and first/last character class) unless showText' },
          rule: { type: 'string', description: 'the proposed rule that decided it' },
        },
      },
    },
  },
} as const;

export const SIMULATION_REPORT_SCHEMA = {
  type: 'object',
  required: ['webhookId', 'events', 'changed', 'transitions', 'consentEffects'],
  additionalProperties: false,
  properties: {
    webhookId: { type: 'string' },
    events: { type: 'integer', minimum: 0, description: 'stored texts replayed' },
    changed: { type: 'integer', minimum: 0, description: 'of which the category would change' },
    transitions: {
      type: 'array',
      items: simulationTransition,
      description: 'stored category -> proposed, changed first',
    },
    consentEffects: {
      type: 'array',
      items: simulationTransition,
      description: 'consent effects (opt-out, opt-in, double-opt-in, none) that would differ',
    },
  },
} as const;
