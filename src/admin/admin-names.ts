// Names of credentials and channel configurations: they appear in URLs and rule files, so they stay plain.
// Their schemas are what the admin API validates and documents (a description reads as "must be ...").

export const ADMIN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const SENDER_NUMBER_PATTERN = /^(\+[1-9][0-9]{1,14}|[0-9]{3,8})$/;

export const ADMIN_NAME_SCHEMA = {
  type: 'string',
  maxLength: 128,
  pattern: ADMIN_NAME_PATTERN.source,
  description: '1-128 letters, digits, dots, dashes or underscores, starting with a letter or digit',
} as const;

export const SENDER_NUMBER_SCHEMA = {
  type: 'string',
  maxLength: 16,
  pattern: SENDER_NUMBER_PATTERN.source,
  description: 'E.164 (+15550100) or a short code (12345)',
} as const;
