// The OpenAPI 3.1 document of the administration API, served at GET /api/openapi.json. Its paths are written
// here; every request, query and response shape comes from the schema the code validates or builds with
// (admin/*-input.ts, query-params.ts, admin-responses.ts, the views in admin/), so it cannot drift from them.
// A test checks that every registered route is here (and every path here is routed) and validates real
// responses against it. The rule-file schema is embedded from rules/webhook.schema.json.
import ruleFileSchema from '../../rules/webhook.schema.json' with { type: 'json' };
import { CHANNEL_VIEW_SCHEMA } from '../admin/channel-admin.ts';
import { CHANNEL_CREATE_SCHEMA, CHANNEL_UPDATE_SCHEMA } from '../admin/channel-input.ts';
import { CREDENTIALS_VIEW_SCHEMA } from '../admin/credentials-admin.ts';
import { CREDENTIALS_CREATE_SCHEMA, CREDENTIALS_UPDATE_SCHEMA } from '../admin/credentials-input.ts';
import {
  LEGACY_ENTRY_SCHEMA,
  MIGRATION_QUERY_SCHEMA,
  MIGRATION_REQUEST_SCHEMA,
} from '../admin/migration/legacy-export.ts';
import { MIGRATION_REPORT_SCHEMA } from '../admin/migration/migration-admin.ts';
import {
  AUDIENCE_SCHEMA,
  CONSENT_EVIDENCE_SCHEMA,
  CONSENT_EXPORT_SCHEMA,
  CONSENT_LOOKUP_SCHEMA,
  ERROR_SCHEMA,
  EVENTS_SCHEMA,
  BODY_SCHEMA,
  SUBSCRIPTION_CONFIRMATIONS_SCHEMA,
  MESSAGE_SCHEMA,
  MESSAGES_SCHEMA,
  REVIEW_MARK_SCHEMA,
  REVIEW_SCHEMA,
  REVIEWS_SCHEMA,
  SIMULATION_REPORT_SCHEMA,
  VALIDATION_ERROR_SCHEMA,
  WEBHOOK_DETAIL_SCHEMA,
  WEBHOOK_REVISIONS_SCHEMA,
  WEBHOOK_SCHEMA,
} from './admin-responses.ts';
import {
  AUDIENCE_QUERY_SCHEMA,
  CONSENTS_QUERY_SCHEMA,
  EVENTS_QUERY_SCHEMA,
  MESSAGES_QUERY_SCHEMA,
  REVIEWS_QUERY_SCHEMA,
  SIMULATE_QUERY_SCHEMA,
} from './query-params.ts';
import { CLASSIFICATION_SCHEMA, CLASSIFY_SCHEMA } from '../admin/classification-trial.ts';
import {
  TEMPLATE_CHECK_RESULT_SCHEMA,
  TEMPLATE_CHECK_SCHEMA,
  TEMPLATE_EXTRACT_RESULT_SCHEMA,
  TEMPLATE_EXTRACT_SCHEMA,
} from '../admin/template-trial.ts';
import { DAILY_REPORT_QUERY_SCHEMA, DAILY_REPORT_SCHEMA } from './report-router.ts';
import { CONSOLE_CONFIG_SCHEMA, SESSION_SCHEMA, SIGN_IN_SCHEMA } from './session-router.ts';
import { REVIEW_DECISION_SCHEMA } from '../admin/review-input.ts';

const RULE_FILE_POINTER = '#/components/schemas/RuleFile';
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });

const notFound = { description: 'no such resource', content: json(ref('Error')) };
const conflict = {
  description: 'defined by a file (read-only through the API), already exists, or changed concurrently',
  content: json(ref('Error')),
};
const invalid = {
  description: 'the body or query is invalid; every problem is listed',
  content: json(ref('ValidationError')),
};
const badRequest = { description: 'malformed request (invalid JSON, bad parameter)', content: json(ref('Error')) };
const unsupported = { description: 'the body is not application/json', content: json(ref('Error')) };
const tooLarge = { description: 'the body exceeds 256 KiB', content: json(ref('Error')) };
const unavailable = {
  description: 'the store is unavailable; retry after Retry-After seconds',
  content: json(ref('Error')),
};
const noContent = { description: 'deleted' };
// Nearly every route behind the token reads or writes a store; each is documented as able to answer 503.
const errors = {
  '401': { description: 'no valid bearer token', content: json(ref('Error')) },
  '503': unavailable,
};

const nameParameter = { name: 'name', in: 'path', required: true, schema: { type: 'string', maxLength: 200 } };
const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 200 } };
const bodyErrors = { '400': badRequest, '413': tooLarge, '415': unsupported, '422': invalid };

/** A route's query schema as OpenAPI parameters, one per property. */
function queryParameters(schema: { properties: Record<string, object>; required?: readonly string[] }) {
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

/** The rule-file schema with its internal references pointed at where it sits in this document. */
function embeddedRuleFileSchema(): object {
  const { $schema: _draft, $id: _id, ...schema } = ruleFileSchema;
  return JSON.parse(
    JSON.stringify(schema).replaceAll('"#/definitions/', `"${RULE_FILE_POINTER}/definitions/`),
  ) as object;
}

function crud(
  plural: string,
  itemSchema: string,
  listKey: string,
  requestSchemas: { create: string; update: string },
  what: string,
) {
  return {
    [`/api/${plural}`]: {
      get: {
        operationId: `list-${plural}`,
        summary: `List ${what}`,
        responses: {
          '200': {
            description: 'every one, files and API alike',
            content: json({
              type: 'object',
              required: [listKey],
              additionalProperties: false,
              properties: { [listKey]: { type: 'array', items: ref(itemSchema) } },
            }),
          },
          ...errors,
        },
      },
      post: {
        operationId: `create-${plural}`,
        summary: `Create ${what}`,
        requestBody: { required: true, content: json(ref(requestSchemas.create)) },
        responses: {
          '201': { description: 'created', content: json(ref(itemSchema)) },
          ...errors,
          '409': conflict,
          ...bodyErrors,
        },
      },
    },
    [`/api/${plural}/{name}`]: {
      parameters: [nameParameter],
      get: {
        operationId: `get-${plural}`,
        summary: `One of the ${what}`,
        responses: { '200': { description: 'found', content: json(ref(itemSchema)) }, ...errors, '404': notFound },
      },
      put: {
        operationId: `update-${plural}`,
        summary: `Replace one of the ${what} (renaming is refused)`,
        requestBody: { required: true, content: json(ref(requestSchemas.update)) },
        responses: {
          '200': { description: 'updated', content: json(ref(itemSchema)) },
          ...errors,
          '404': notFound,
          '409': conflict,
          ...bodyErrors,
        },
      },
      delete: {
        operationId: `delete-${plural}`,
        summary: `Delete one of the ${what}`,
        responses: { '204': noContent, ...errors, '404': notFound, '409': conflict },
      },
    },
  };
}

// The browser console's routes: a session cookie (with X-CSRF-Token on writes) in place of the bearer token.
const forbidden = {
  description: 'a write with the session cookie lacks X-CSRF-Token, or comes from another Origin',
  content: json(ref('Error')),
};
const tooMany = {
  description: 'too many requests this minute; retry after Retry-After seconds',
  content: json(ref('Error')),
};
const apiIsOff = { description: 'the admin API is off (no admin token configured)', content: json(ref('Error')) };

/** The paths with 403 added to every write behind the token: the session cookie's CSRF check answers it. */
function refusingForgedWrites<Paths extends object>(paths: Paths): Paths {
  const entries = Object.entries(paths).map(([path, item]: [string, Record<string, unknown>]) => {
    const operations = Object.entries(item).map(([key, operation]) => {
      const writes = ['put', 'post', 'delete', 'patch'].includes(key);
      const { security, responses } = (operation ?? {}) as { security?: unknown[]; responses?: object };
      if (!writes || security?.length === 0 || responses === undefined) return [key, operation];
      return [key, { ...(operation as object), responses: { ...responses, '403': forbidden } }];
    });
    return [path, Object.fromEntries(operations)];
  });
  return Object.fromEntries(entries) as Paths;
}

const consolePaths = {
  '/api/console-config': {
    get: {
      operationId: 'console-config',
      summary: 'Whether the admin API is on, for the console to show before any sign-in',
      security: [],
      responses: { '200': { description: 'the configuration', content: json(CONSOLE_CONFIG_SCHEMA) } },
    },
  },
  '/api/session': {
    post: {
      operationId: 'sign-in',
      summary:
        'Sign in with an admin token: sets the HttpOnly optline_session cookie (8 hours) and answers the CSRF token',
      security: [],
      requestBody: { required: true, content: json(SIGN_IN_SCHEMA) },
      responses: {
        '201': { description: 'signed in; Set-Cookie carries the session', content: json(ref('Session')) },
        '401': { description: 'not an admin token', content: json(ref('Error')) },
        '404': apiIsOff,
        '429': tooMany,
        '503': unavailable,
        ...bodyErrors,
      },
    },
    get: {
      operationId: 'session',
      summary: 'The session the cookie names',
      security: [{ session: [] }],
      responses: {
        '200': { description: 'signed in', content: json(ref('Session')) },
        '401': { description: 'no session, or it expired', content: json(ref('Error')) },
        '429': tooMany,
        '503': unavailable,
      },
    },
    delete: {
      operationId: 'sign-out',
      summary: 'Sign out: the session is deleted and the cookie cleared (X-CSRF-Token required with a live session)',
      security: [],
      responses: { '204': { description: 'signed out' }, '403': forbidden, '429': tooMany, '503': unavailable },
    },
  },
  '/api/templates/check': {
    post: {
      operationId: 'check-template',
      summary: 'Compile a payload template as rule-file loading does: problems and warnings with line and column',
      requestBody: { required: true, content: json(TEMPLATE_CHECK_SCHEMA) },
      responses: {
        '200': { description: 'ok, or every problem', content: json(TEMPLATE_CHECK_RESULT_SCHEMA) },
        ...errors,
        '403': forbidden,
        '429': tooMany,
        ...bodyErrors,
      },
    },
  },
  '/api/templates/extract': {
    post: {
      operationId: 'extract-with-template',
      summary: "Extract a provider's body with a payload template, as the webhook would; nothing is stored",
      requestBody: { required: true, content: json(TEMPLATE_EXTRACT_SCHEMA) },
      responses: {
        '200': {
          description: 'the events extracted, or the first JSON path that does not fit',
          content: json(TEMPLATE_EXTRACT_RESULT_SCHEMA),
        },
        ...errors,
        '403': forbidden,
        '429': tooMany,
        ...bodyErrors,
      },
    },
  },
  '/api/classify': {
    post: {
      operationId: 'classify',
      summary: "Classify a text with a webhook's rules or a rule file, as `optline classify` does; nothing is stored",
      requestBody: { required: true, content: json(CLASSIFY_SCHEMA) },
      responses: {
        '200': { description: 'the decision and its explanation', content: json(CLASSIFICATION_SCHEMA) },
        ...errors,
        '403': forbidden,
        '404': notFound,
        '429': tooMany,
        ...bodyErrors,
      },
    },
  },
  '/api/reports/daily': {
    get: {
      operationId: 'daily-report',
      summary:
        'Per day and webhook: inbound events by category, opt-outs, opt-ins and replies by outcome (default the last 30 days, at most 92)',
      parameters: queryParameters(DAILY_REPORT_QUERY_SCHEMA),
      responses: {
        '200': { description: 'the days', content: json(DAILY_REPORT_SCHEMA) },
        ...errors,
        '422': invalid,
        '429': tooMany,
      },
    },
  },
};

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Optline administration API',
    version: '1.0.0',
    description:
      "Webhooks (with revisions), API credentials, channel configurations, consent and audiences. Every route but this document, the console configuration and sign-in needs a bearer token (OPTLINE_ADMIN_TOKEN or OPTLINE_ADMIN_TOKENS) or the browser console's session cookie (writes with the cookie also send X-CSRF-Token); the token's label is recorded as the author of each change. Errors are {error, message}; validation errors also list every problem with its path.",
  },
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer' },
      session: { type: 'apiKey', in: 'cookie', name: 'optline_session' },
    },
    schemas: {
      Error: ERROR_SCHEMA,
      ValidationError: VALIDATION_ERROR_SCHEMA,
      RuleFile: embeddedRuleFileSchema(),
      Webhook: WEBHOOK_SCHEMA,
      WebhookDetail: WEBHOOK_DETAIL_SCHEMA,
      WebhookRevisions: WEBHOOK_REVISIONS_SCHEMA,
      CredentialsInput: CREDENTIALS_CREATE_SCHEMA,
      CredentialsUpdate: CREDENTIALS_UPDATE_SCHEMA,
      Credentials: CREDENTIALS_VIEW_SCHEMA,
      ChannelConfigurationInput: CHANNEL_CREATE_SCHEMA,
      ChannelConfigurationUpdate: CHANNEL_UPDATE_SCHEMA,
      ChannelConfiguration: CHANNEL_VIEW_SCHEMA,
      ConsentExport: CONSENT_EXPORT_SCHEMA,
      ConsentLookup: CONSENT_LOOKUP_SCHEMA,
      ConsentEvidence: CONSENT_EVIDENCE_SCHEMA,
      Audience: AUDIENCE_SCHEMA,
      Events: EVENTS_SCHEMA,
      Body: BODY_SCHEMA,
      SubscriptionConfirmations: SUBSCRIPTION_CONFIRMATIONS_SCHEMA,
      LegacyApiCredentials: LEGACY_ENTRY_SCHEMA,
      // Entries are checked one by one (a bad one is refused in the report, not with a 422): documented here.
      MigrationRequest: {
        ...MIGRATION_REQUEST_SCHEMA,
        properties: {
          ...MIGRATION_REQUEST_SCHEMA.properties,
          apiCredentials: { ...MIGRATION_REQUEST_SCHEMA.properties.apiCredentials, items: ref('LegacyApiCredentials') },
        },
      },
      MigrationReport: MIGRATION_REPORT_SCHEMA,
      Message: MESSAGE_SCHEMA,
      Messages: MESSAGES_SCHEMA,
      Session: SESSION_SCHEMA,
      ReviewMark: REVIEW_MARK_SCHEMA,
      Review: REVIEW_SCHEMA,
      Reviews: REVIEWS_SCHEMA,
      ReviewDecision: REVIEW_DECISION_SCHEMA,
      SimulationReport: SIMULATION_REPORT_SCHEMA,
    },
  },
  security: [{ bearer: [] }, { session: [] }],
  paths: refusingForgedWrites({
    '/api/openapi.json': {
      get: {
        operationId: 'openapi',
        summary: 'This document',
        security: [],
        responses: {
          '200': {
            description: 'the OpenAPI document',
            content: json({
              type: 'object',
              required: ['openapi', 'info', 'paths', 'components'],
              properties: {
                openapi: { const: '3.1.0' },
                info: { type: 'object', required: ['title', 'version'] },
                paths: { type: 'object' },
                components: { type: 'object' },
              },
            }),
          },
        },
      },
    },
    '/api/webhooks': {
      get: {
        operationId: 'list-webhooks',
        summary: 'Every webhook, from rule files and the API, with its URL and whether it is active',
        responses: {
          '200': {
            description: 'the webhooks',
            content: json({
              type: 'object',
              required: ['webhooks'],
              additionalProperties: false,
              properties: { webhooks: { type: 'array', items: ref('Webhook') } },
            }),
          },
          ...errors,
        },
      },
      post: {
        operationId: 'create-webhook',
        summary: 'Create a webhook from a rule file; its URL works at once (once active)',
        requestBody: { required: true, content: json(ref('RuleFile')) },
        responses: {
          '201': { description: 'created, revision 1', content: json(ref('WebhookDetail')) },
          ...errors,
          '409': conflict,
          ...bodyErrors,
        },
      },
    },
    '/api/webhooks/{id}': {
      parameters: [idParameter],
      get: {
        operationId: 'get-webhook',
        summary: 'One webhook with its URL, status and revisions',
        responses: { '200': { description: 'found', content: json(ref('WebhookDetail')) }, ...errors, '404': notFound },
      },
      put: {
        operationId: 'update-webhook',
        summary: 'Replace a webhook managed through the API: a new revision, swapped in atomically',
        requestBody: { required: true, content: json(ref('RuleFile')) },
        responses: {
          '200': { description: 'updated', content: json(ref('WebhookDetail')) },
          ...errors,
          '404': notFound,
          '409': conflict,
          ...bodyErrors,
        },
      },
      delete: {
        operationId: 'delete-webhook',
        summary: 'Delete a webhook managed through the API; its URL answers 404 at once, its revisions are kept',
        responses: { '204': noContent, ...errors, '404': notFound, '409': conflict },
      },
    },
    '/api/webhooks/{id}/revisions': {
      parameters: [idParameter],
      get: {
        operationId: 'webhook-revisions',
        summary: 'Every revision of a webhook, oldest first, deleted webhooks included',
        responses: {
          '200': { description: 'the revisions', content: json(ref('WebhookRevisions')) },
          ...errors,
          '404': notFound,
        },
      },
    },
    '/api/webhooks/{id}/subscription-confirmations': {
      parameters: [idParameter],
      get: {
        operationId: 'webhook-subscription-confirmations',
        summary:
          'The Amazon SNS SubscriptionConfirmation and UnsubscribeConfirmation messages a Custom webhook received, newest first, with their SubscribeURL and what became of them',
        responses: {
          '200': { description: 'the messages', content: json(ref('SubscriptionConfirmations')) },
          ...errors,
          '404': notFound,
        },
      },
    },
    ...crud(
      'credentials',
      'Credentials',
      'credentials',
      { create: 'CredentialsInput', update: 'CredentialsUpdate' },
      'API credentials',
    ),
    ...crud(
      'channel-configurations',
      'ChannelConfiguration',
      'channelConfigurations',
      { create: 'ChannelConfigurationInput', update: 'ChannelConfigurationUpdate' },
      'channel configurations',
    ),
    '/api/consents': {
      get: {
        operationId: 'export-consents',
        summary: 'Export every consent (JSON or CSV: profileNumber,senderNumber,state,changedAt,version)',
        parameters: queryParameters(CONSENTS_QUERY_SCHEMA),
        responses: {
          '200': {
            description: 'the consents, ordered by number',
            content: { ...json(ref('ConsentExport')), 'text/csv': { schema: { type: 'string' } } },
          },
          ...errors,
          '422': invalid,
        },
      },
    },
    '/api/consents/{number}': {
      parameters: [
        {
          name: 'number',
          in: 'path',
          required: true,
          schema: { type: 'string', maxLength: 64 },
          description: 'E.164; digits without + are read as international',
        },
      ],
      get: {
        operationId: 'consent-of',
        summary: 'Consent per sender number for one person, with its history',
        responses: {
          '200': { description: 'the consents', content: json(ref('ConsentLookup')) },
          ...errors,
          '400': badRequest,
        },
      },
    },
    '/api/consents/{number}/evidence': {
      parameters: [
        {
          name: 'number',
          in: 'path',
          required: true,
          schema: { type: 'string', maxLength: 64 },
          description: 'E.164; digits without + are read as international',
        },
      ],
      get: {
        operationId: 'consent-evidence',
        summary:
          "Evidence of one person's consent per sender: each change with its hash chain and verification, the body it came from (only this person's elements of a batch, with the whole body's hash), the rule file text that decided, the reply and its delivery history",
        responses: {
          '200': { description: 'the evidence', content: json(ref('ConsentEvidence')) },
          ...errors,
          '400': badRequest,
        },
      },
    },
    '/api/audiences': {
      get: {
        operationId: 'audience',
        summary:
          'The numbers that sent the custom keyword since a date (JSON or CSV: profileNumber,firstAt,lastAt,count)',
        parameters: queryParameters(AUDIENCE_QUERY_SCHEMA),
        responses: {
          '200': {
            description: 'the audience, ordered by number',
            content: { ...json(ref('Audience')), 'text/csv': { schema: { type: 'string' } } },
          },
          ...errors,
          '422': invalid,
        },
      },
    },
    '/api/migrations': {
      post: {
        operationId: 'migrate',
        summary:
          'Migrate legacy API credentials (an export) to credentials, channel configurations and webhooks; entries are refused one by one, with their JSON paths',
        parameters: queryParameters(MIGRATION_QUERY_SCHEMA),
        requestBody: { required: true, content: json(ref('MigrationRequest')) },
        responses: {
          '200': {
            description: 'what was created, left unchanged, planned or refused',
            content: json(ref('MigrationReport')),
          },
          ...errors,
          ...bodyErrors,
        },
      },
    },
    '/api/events': {
      get: {
        operationId: 'list-events',
        summary: 'Stored inbound events, newest first',
        parameters: queryParameters(EVENTS_QUERY_SCHEMA),
        responses: {
          '200': { description: 'the events', content: json(ref('Events')) },
          ...errors,
          '400': badRequest,
          '422': invalid,
        },
      },
    },
    '/api/bodies/{id}': {
      parameters: [idParameter],
      get: {
        operationId: 'get-body',
        summary: "A callback body as received (an event's bodyId), stored once however many events it holds",
        responses: { '200': { description: 'found', content: json(ref('Body')) }, ...errors, '404': notFound },
      },
    },
    '/api/messages': {
      get: {
        operationId: 'list-messages',
        summary:
          'Outbound messages (replies, and messages whose delivery reports arrived) with their delivery status and reports, newest first (JSON, or CSV without the history)',
        parameters: queryParameters(MESSAGES_QUERY_SCHEMA),
        responses: {
          '200': {
            description: 'the messages',
            content: { ...json(ref('Messages')), 'text/csv': { schema: { type: 'string' } } },
          },
          ...errors,
          '422': invalid,
        },
      },
    },
    '/api/messages/{id}': {
      parameters: [idParameter],
      get: {
        operationId: 'get-message',
        summary: 'One outbound message with its delivery status and every report',
        responses: { '200': { description: 'found', content: json(ref('Message')) }, ...errors, '404': notFound },
      },
    },
    ...consolePaths,
    // The review queue: fuzzy opt-outs that did not opt the person out.
    '/api/reviews': {
      get: {
        operationId: 'list-reviews',
        summary: "Review items (open by default), oldest first, each with the person's consent now",
        parameters: queryParameters(REVIEWS_QUERY_SCHEMA),
        responses: { '200': { description: 'the items', content: json(ref('Reviews')) }, ...errors, '422': invalid },
      },
    },
    '/api/reviews/{id}': {
      parameters: [idParameter],
      get: {
        operationId: 'get-review',
        summary: "One review item with the person's consent now",
        responses: { '200': { description: 'found', content: json(ref('Review')) }, ...errors, '404': notFound },
      },
      post: {
        operationId: 'decide-review',
        summary:
          'Decide an open item: opt-out (consent moves as of the message, the confirmation is queued, the history records the reviewer) or dismiss',
        requestBody: { required: true, content: json(ref('ReviewDecision')) },
        responses: {
          '200': { description: 'decided', content: json(ref('Review')) },
          ...errors,
          '404': notFound,
          '409': { description: 'the item is already resolved', content: json(ref('Error')) },
          ...bodyErrors,
        },
      },
    },
    '/api/webhooks/{id}/simulate': {
      parameters: [idParameter],
      post: {
        operationId: 'simulate-rules',
        summary:
          "Replay the webhook's stored inbound texts through proposed rules (a rule file): counts per stored -> proposed category, differing consent effects, masked examples. Writes nothing",
        parameters: queryParameters(SIMULATE_QUERY_SCHEMA),
        requestBody: { required: true, content: json(ref('RuleFile')) },
        responses: {
          '200': { description: 'the report', content: json(ref('SimulationReport')) },
          ...errors,
          '404': notFound,
          ...bodyErrors,
        },
      },
    },
  }),
} as const;
