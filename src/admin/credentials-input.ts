// Credentials as the API receives them ({name, vendor, baseUrl, accountId, secret, options}) and as a
// *.credentials.json file declares them (secretEnv instead of secret): their JSON Schemas, which the OpenAPI
// document serves, and the checks compiled from them. Every problem is listed, with its path.
import { ADMIN_NAME_SCHEMA } from './admin-names.ts';
import type { FieldProblem } from './field-problem.ts';
import { schemaCheck } from './schema-check.ts';
import { VENDOR_IDS, vendorDefinition, type VendorId } from '../vendors/vendor-registry.ts';

export interface CredentialsFields {
  name: string;
  vendor: VendorId;
  baseUrl: string;
  accountId: string;
  options: Record<string, unknown>;
}

export type CredentialsCheck<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

const HTTP_URL_PATTERN = '^https?://[^\\s/]+\\S*$';

export const CREDENTIALS_OPTIONS_SCHEMA = {
  type: 'object',
  maxProperties: 32,
  propertyNames: { minLength: 1, maxLength: 64 },
  additionalProperties: { type: ['string', 'number', 'boolean', 'null'], maxLength: 4096 },
  description: 'vendor-specific settings, such as the Sinch Conversation app id as appId',
} as const;

const fields = {
  name: ADMIN_NAME_SCHEMA,
  vendor: { enum: [...VENDOR_IDS] },
  baseUrl: {
    type: 'string',
    maxLength: 2048,
    default: '',
    description: 'the vendor endpoint (an http(s) URL; any text for custom)',
  },
  accountId: {
    type: 'string',
    maxLength: 256,
    default: '',
    description: 'Sinch service plan or project id, Infobip account',
  },
  options: { ...CREDENTIALS_OPTIONS_SCHEMA, default: {} },
} as const;

const secret = {
  type: 'string',
  maxLength: 4096,
  pattern: '\\S',
  description: 'a non-blank token or API key',
} as const;

// What each vendor needs besides the fields every one has, from the vendor registry (the send client checks the
// same requirement before sending). Absent baseUrl and accountId default to "".
const BASE_URL_RULE = {
  pattern: HTTP_URL_PATTERN,
  description: 'an http(s) URL: the vendor endpoint, e.g. https://us.sms.api.sinch.com',
};
const knownVendorRules = VENDOR_IDS.map((vendor) => {
  const { fields: needed, accountIdMeans } = vendorDefinition(vendor).send.credentials;
  const properties: Record<string, object> = {};
  if (needed.includes('baseUrl')) {
    properties.baseUrl = BASE_URL_RULE;
  }
  if (needed.includes('accountId')) {
    properties.accountId = {
      pattern: '\\S',
      description: `the ${accountIdMeans ?? 'account id'} (required for ${vendor})`,
    };
  }
  return { if: { required: ['vendor'], properties: { vendor: { const: vendor } } }, then: { properties } };
});
// An unknown vendor is refused, and its baseUrl still checked, so one answer lists every problem.
const vendorRules = [
  ...knownVendorRules,
  {
    if: { not: { properties: { vendor: { enum: [...VENDOR_IDS] } } } },
    then: { properties: { baseUrl: BASE_URL_RULE } },
  },
];

/** Credentials with every vendor's rules; they differ in where the secret comes from and what is required. */
function credentialsSchema(description: string, required: readonly string[], secretField: Record<string, object>) {
  return {
    type: 'object',
    description,
    required,
    additionalProperties: false,
    properties: { ...fields, ...secretField },
    allOf: vendorRules,
  } as const;
}

export const CREDENTIALS_CREATE_SCHEMA = credentialsSchema(
  'New credentials; the secret is sealed at rest and never returned',
  ['name', 'vendor', 'secret'],
  { secret },
);

export const CREDENTIALS_UPDATE_SCHEMA = credentialsSchema(
  'Replaces credentials; the name defaults to the one in the URL, an absent secret keeps the stored one',
  ['vendor'],
  { secret },
);

export const CREDENTIALS_FILE_SCHEMA = credentialsSchema(
  'Credentials declared in a *.credentials.json file',
  ['name', 'vendor', 'secretEnv'],
  {
    secretEnv: {
      type: 'string',
      maxLength: 128,
      pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
      description: 'an environment variable name',
    },
  },
);

const checkCreate = schemaCheck<CredentialsFields & { secret: string }>(CREDENTIALS_CREATE_SCHEMA);
const checkUpdate = schemaCheck<CredentialsFields & { secret?: string; name: string }>(CREDENTIALS_UPDATE_SCHEMA);
const checkFile = schemaCheck<CredentialsFields & { secretEnv: string }>(CREDENTIALS_FILE_SCHEMA);

/** From the API: `secret` is required on create; on update an absent secret keeps the stored one (null). */
export function checkCredentialsBody(
  body: unknown,
  mode: 'create' | 'update',
): CredentialsCheck<CredentialsFields & { secret: string | null }> {
  const checked = mode === 'create' ? checkCreate(body) : checkUpdate(body);
  if (!checked.ok) return checked;
  const { name, vendor, baseUrl, accountId, options } = checked.value;
  return { ok: true, value: { name, vendor, baseUrl, accountId, options, secret: checked.value.secret ?? null } };
}

/** From a *.credentials.json file: the secret is read from the environment variable `secretEnv`. */
export function checkCredentialsFile(body: unknown): CredentialsCheck<CredentialsFields & { secretEnv: string }> {
  return checkFile(body);
}
