// pino options every Optline logger is built with: fields that may hold a credential, a message text or a
// request body are replaced wherever a log call passes them (issue 15, finding 7). Messages and paths are
// cleaned where they are written (loggable-refusal.ts); this is the net under the fields.
import type { LoggerOptions } from 'pino';

const KEYS = ['authorization', 'secret', 'password', 'token', 'text', 'body', 'rawBody', 'cookie'];

export const LOG_REDACTION: Pick<LoggerOptions, 'redact'> = {
  redact: {
    paths: [...KEYS, ...KEYS.map((key) => `*.${key}`), ...KEYS.map((key) => `*.*.${key}`)],
    censor: '[redacted]',
  },
};
