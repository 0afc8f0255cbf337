// The OpenAPI 3.1 document of the administration API, served at GET /api/openapi.json. Hand-written; a test
// checks that every registered route is here (and every path here is routed) and validates real responses
// against these schemas. The rule-file schema is embedded from rules/webhook.schema.json.
import ruleFileSchema from '../../rules/webhook.schema.json' with { type: 'json' };
import { ADMIN_NAME_PATTERN, SENDER_NUMBER_PATTERN } from '../admin/admin-names.ts';
import { VENDOR_IDS } from '../vendors/vendor-registry.ts';

const RULE_FILE_POINTER = '#/components/schemas/RuleFile';
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const nullable = (type: string) => ({ type: [type, 'null'] });

const errors = {
  '401': { description: 'no valid bearer token', content: json(ref('Error')) },
};
const notFound = { description: 'no such resource', content: json(ref('Error')) };
const conflict = { description: 'defined by a file (read-only through the API), already exists, or changed concurrently', content: json(ref('Error')) };
const invalid = { description: 'the body or query is invalid; every problem is listed', content: json(ref('ValidationError')) };
const badRequest = { description: 'malformed request (invalid JSON, bad parameter)', content: json(ref('Error')) };
const unsupported = { description: 'the body is not application/json', content: json(ref('Error')) };
const tooLarge = { description: 'the body exceeds 256 KiB', content: json(ref('Error')) };
const unavailable = { description: 'the store is unavailable; retry after Retry-After seconds', content: json(ref('Error')) };
const noContent = { description: 'deleted' };

const nameParameter = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };
const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const formatParameter = { name: 'format', in: 'query', required: false, schema: { enum: ['json', 'csv'], default: 'json' } };
const sinceSchema = { type: 'string', description: 'ISO-8601 date or date-time, e.g. 2024-05-01 or 2024-05-01T10:00:00Z' };
const bodyErrors = { '400': badRequest, '413': tooLarge, '415': unsupported, '422': invalid };

/** The rule-file schema with its internal references pointed at where it sits in this document. */
function embeddedRuleFileSchema(): object {
  const { $schema: _draft, $id: _id, ...schema } = ruleFileSchema;
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/definitions/', `"${RULE_FILE_POINTER}/definitions/`)) as object;
}

function crud(plural: string, itemSchema: string, listKey: string, requestSchema: string, what: string) {
  return {
    [`/api/${plural}`]: {
      get: {
        operationId: `list-${plural}`,
        summary: `List ${what}`,
        responses: {
          '200': { description: 'every one, files and API alike', content: json({ type: 'object', required: [listKey], properties: { [listKey]: { type: 'array', items: ref(itemSchema) } } }) },
          ...errors,
        },
      },
      post: {
        operationId: `create-${plural}`,
        summary: `Create ${what}`,
        requestBody: { required: true, content: json(ref(requestSchema)) },
        responses: { '201': { description: 'created', content: json(ref(itemSchema)) }, ...errors, '409': conflict, ...bodyErrors },
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
        requestBody: { required: true, content: json(ref(requestSchema)) },
        responses: { '200': { description: 'updated', content: json(ref(itemSchema)) }, ...errors, '404': notFound, '409': conflict, ...bodyErrors },
      },
      delete: {
        operationId: `delete-${plural}`,
        summary: `Delete one of the ${what}`,
        responses: { '204': noContent, ...errors, '404': notFound, '409': conflict },
      },
    },
  };
}

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Optline administration API',
    version: '1.0.0',
    description:
      'Webhooks (with revisions), API credentials, channel configurations, consent and audiences. Every route but this document needs a bearer token (OPTLINE_ADMIN_TOKEN or OPTLINE_ADMIN_TOKENS); the token\'s label is recorded as the author of each change. Errors are {error, message}; validation errors also list every problem with its path.',
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['error', 'message'],
        properties: { error: { type: 'string' }, message: { type: 'string' } },
      },
      Problem: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', description: 'JSON pointer in the body, or query.<name>' },
          message: { type: 'string' },
          line: { type: 'integer' },
          column: { type: 'integer' },
        },
      },
      ValidationError: {
        type: 'object',
        required: ['error', 'message', 'problems'],
        properties: { error: { const: 'validation_failed' }, message: { type: 'string' }, problems: { type: 'array', minItems: 1, items: ref('Problem') } },
      },
      RuleFile: embeddedRuleFileSchema(),
      Webhook: {
        type: 'object',
        required: ['id', 'name', 'vendor', 'version', 'contentHash', 'source', 'revision', 'credentials', 'senderNumber', 'url', 'active', 'inactiveReason', 'warning'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          description: { type: 'string' },
          vendor: { enum: [...VENDOR_IDS] },
          type: { enum: ['inbound', 'feedback', null] },
          version: { type: 'string' },
          contentHash: { type: 'string' },
          file: nullable('string'),
          source: { enum: ['file', 'api'] },
          revision: nullable('integer'),
          credentials: { type: 'string' },
          senderNumber: { type: 'string' },
          consentScope: { enum: ['sender', 'global'] },
          url: { type: 'string', description: 'where the provider posts callbacks (holds the secret)' },
          active: { type: 'boolean', description: 'false until its credentials exist and a channel configuration attaches them to its sender number' },
          inactiveReason: nullable('string'),
          warning: nullable('string'),
        },
      },
      WebhookRevision: {
        type: 'object',
        required: ['revision', 'at', 'author', 'diff', 'content', 'deleted'],
        properties: {
          revision: { type: 'integer', minimum: 1 },
          at: { type: 'string', format: 'date-time' },
          author: { type: 'string', description: 'the label of the token that made the change' },
          diff: {
            type: 'array',
            description: 'RFC 6902 JSON Patch from the previous revision',
            items: { type: 'object', required: ['op', 'path'], properties: { op: { enum: ['add', 'remove', 'replace'] }, path: { type: 'string' }, value: {} } },
          },
          content: { ...nullable('string'), description: 'the rule file as sent; null for a deletion' },
          deleted: { type: 'boolean' },
        },
      },
      WebhookDetail: {
        allOf: [ref('Webhook'), { type: 'object', required: ['revisions'], properties: { revisions: { type: 'array', items: ref('WebhookRevision') } } }],
      },
      CredentialsInput: {
        type: 'object',
        required: ['name', 'vendor'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: ADMIN_NAME_PATTERN.source },
          vendor: { enum: [...VENDOR_IDS] },
          baseUrl: { type: 'string', description: 'the vendor endpoint (http or https)' },
          accountId: { type: 'string', description: 'Sinch service plan or project id, Infobip account' },
          secret: { type: 'string', description: 'token or API key; required on create, kept when absent on update; never returned' },
          options: { type: 'object' },
        },
      },
      Credentials: {
        type: 'object',
        required: ['name', 'vendor', 'baseUrl', 'accountId', 'secret', 'secretSet', 'options', 'source'],
        properties: {
          name: { type: 'string' },
          vendor: { type: 'string' },
          baseUrl: { type: 'string' },
          accountId: { type: 'string' },
          secret: { type: 'string', description: 'redacted: ******** (with the last 4 characters of a long secret)' },
          secretSet: { type: 'boolean' },
          options: { type: 'object' },
          source: { enum: ['file', 'api'] },
          file: nullable('string'),
          secretEnv: nullable('string'),
          updatedAt: nullable('string'),
          updatedBy: nullable('string'),
        },
      },
      ChannelConfigurationInput: {
        type: 'object',
        required: ['name', 'credentials', 'senderNumbers'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: ADMIN_NAME_PATTERN.source },
          credentials: { type: 'string' },
          senderNumbers: { type: 'array', items: { type: 'string', pattern: SENDER_NUMBER_PATTERN.source } },
        },
      },
      ChannelConfiguration: {
        type: 'object',
        required: ['name', 'credentials', 'senderNumbers', 'source'],
        properties: {
          name: { type: 'string' },
          credentials: { type: 'string' },
          senderNumbers: { type: 'array', items: { type: 'string' } },
          source: { enum: ['file', 'api'] },
          file: nullable('string'),
          updatedAt: nullable('string'),
          updatedBy: nullable('string'),
        },
      },
      ConsentRow: {
        type: 'object',
        required: ['profileNumber', 'senderNumber', 'state', 'changedAt', 'version'],
        properties: {
          profileNumber: { type: 'string' },
          senderNumber: { type: 'string', description: 'the sender number, or * for a global consent' },
          state: { enum: ['none', 'pending', 'opted-in', 'opted-out'] },
          changedAt: nullable('string'),
          version: { type: 'integer' },
        },
      },
      AudienceMember: {
        type: 'object',
        required: ['profileNumber', 'firstAt', 'lastAt', 'count'],
        properties: { profileNumber: { type: 'string' }, firstAt: { type: 'string' }, lastAt: { type: 'string' }, count: { type: 'integer', minimum: 1 } },
      },
    },
  },
  security: [{ bearer: [] }],
  paths: {
    '/api/openapi.json': {
      get: { operationId: 'openapi', summary: 'This document', security: [], responses: { '200': { description: 'the OpenAPI document', content: json({ type: 'object' }) } } },
    },
    '/api/webhooks': {
      get: {
        operationId: 'list-webhooks',
        summary: 'Every webhook, from rule files and the API, with its URL and whether it is active',
        responses: { '200': { description: 'the webhooks', content: json({ type: 'object', required: ['webhooks'], properties: { webhooks: { type: 'array', items: ref('Webhook') } } }) }, ...errors },
      },
      post: {
        operationId: 'create-webhook',
        summary: 'Create a webhook from a rule file; its URL works at once (once active)',
        requestBody: { required: true, content: json(ref('RuleFile')) },
        responses: { '201': { description: 'created, revision 1', content: json(ref('WebhookDetail')) }, ...errors, '409': conflict, ...bodyErrors },
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
        responses: { '200': { description: 'updated', content: json(ref('WebhookDetail')) }, ...errors, '404': notFound, '409': conflict, ...bodyErrors },
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
          '200': { description: 'the revisions', content: json({ type: 'object', required: ['webhookId', 'revisions'], properties: { webhookId: { type: 'string' }, revisions: { type: 'array', items: ref('WebhookRevision') } } }) },
          ...errors,
          '404': notFound,
        },
      },
    },
    ...crud('credentials', 'Credentials', 'credentials', 'CredentialsInput', 'API credentials'),
    ...crud('channel-configurations', 'ChannelConfiguration', 'channelConfigurations', 'ChannelConfigurationInput', 'channel configurations'),
    '/api/consents': {
      get: {
        operationId: 'export-consents',
        summary: 'Export every consent (JSON or CSV: profileNumber,senderNumber,state,changedAt,version)',
        parameters: [formatParameter, { name: 'since', in: 'query', required: false, schema: sinceSchema }],
        responses: {
          '200': {
            description: 'the consents, ordered by number',
            content: {
              ...json({ type: 'object', required: ['consents'], properties: { consents: { type: 'array', items: ref('ConsentRow') } } }),
              'text/csv': { schema: { type: 'string' } },
            },
          },
          ...errors,
          '422': invalid,
          '503': unavailable,
        },
      },
    },
    '/api/consents/{number}': {
      parameters: [{ name: 'number', in: 'path', required: true, schema: { type: 'string' }, description: 'E.164; digits without + are read as international' }],
      get: {
        operationId: 'consent-of',
        summary: 'Consent per sender number for one person, with its history',
        responses: {
          '200': {
            description: 'the consents',
            content: json({
              type: 'object',
              required: ['profileNumber', 'consents'],
              properties: {
                profileNumber: { type: 'string' },
                consents: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['senderNumber', 'state', 'history'],
                    properties: { senderNumber: { type: 'string' }, state: { enum: ['none', 'pending', 'opted-in', 'opted-out'] }, history: { type: 'array', items: { type: 'object' } } },
                  },
                },
              },
            }),
          },
          ...errors,
          '400': badRequest,
          '503': unavailable,
        },
      },
    },
    '/api/audiences': {
      get: {
        operationId: 'audience',
        summary: 'The numbers that sent the custom keyword since a date (JSON or CSV: profileNumber,firstAt,lastAt,count)',
        parameters: [
          { name: 'since', in: 'query', required: true, schema: sinceSchema },
          { name: 'webhookId', in: 'query', required: false, schema: { type: 'string' } },
          formatParameter,
        ],
        responses: {
          '200': {
            description: 'the audience, ordered by number',
            content: {
              ...json({
                type: 'object',
                required: ['webhookId', 'since', 'members'],
                properties: { webhookId: nullable('string'), since: { type: 'string' }, members: { type: 'array', items: ref('AudienceMember') } },
              }),
              'text/csv': { schema: { type: 'string' } },
            },
          },
          ...errors,
          '422': invalid,
          '503': unavailable,
        },
      },
    },
    '/api/events': {
      get: {
        operationId: 'list-events',
        summary: 'Stored inbound events, newest first',
        parameters: [
          { name: 'profileNumber', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'webhookId', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        ],
        responses: {
          '200': { description: 'the events', content: json({ type: 'object', required: ['events'], properties: { events: { type: 'array', items: { type: 'object' } } } }) },
          ...errors,
          '400': badRequest,
          '503': unavailable,
        },
      },
    },
  },
} as const;
