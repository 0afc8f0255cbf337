// A channel configuration {name, credentials, senderNumbers} as the API receives it or a *.channel.json file
// declares it: its JSON Schema, which the OpenAPI document serves, and the check compiled from it.
import { ADMIN_NAME_SCHEMA, SENDER_NUMBER_SCHEMA } from './admin-names.ts';
import type { ChannelConfiguration } from './admin-store.ts';
import type { FieldProblem } from './field-problem.ts';
import { schemaCheck } from './schema-check.ts';

const properties = {
  name: ADMIN_NAME_SCHEMA,
  credentials: {
    ...ADMIN_NAME_SCHEMA,
    description: `the name of existing credentials: ${ADMIN_NAME_SCHEMA.description}`,
  },
  senderNumbers: {
    type: 'array',
    maxItems: 1000,
    uniqueItems: true,
    items: SENDER_NUMBER_SCHEMA,
    description: 'the sender numbers these credentials serve',
  },
} as const;

export const CHANNEL_CREATE_SCHEMA = {
  type: 'object',
  required: ['name', 'credentials', 'senderNumbers'],
  additionalProperties: false,
  properties,
} as const;

export const CHANNEL_UPDATE_SCHEMA = {
  type: 'object',
  description: 'Replaces a channel configuration; the name defaults to the one in the URL',
  required: ['credentials', 'senderNumbers'],
  additionalProperties: false,
  properties,
} as const;

const checkCreate = schemaCheck<ChannelConfiguration>(CHANNEL_CREATE_SCHEMA);

/** A whole configuration, name included (an update fills the name in from its URL first). */
export function checkChannelBody(
  body: unknown,
): { ok: true; value: ChannelConfiguration } | { ok: false; problems: FieldProblem[] } {
  const checked = checkCreate(body);
  if (!checked.ok) return checked;
  const { name, credentials, senderNumbers } = checked.value;
  return { ok: true, value: { name, credentials, senderNumbers } };
}
