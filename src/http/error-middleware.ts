// Maps every error to a small JSON body {error, message}: AppError by its code, body-parser errors by their
// type, anything else to a 500 that never shows internals. Store outages answer 503 with Retry-After.
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import { loggableError, loggableReason, withoutWebhookSecret } from './loggable-refusal.ts';

export const RETRY_AFTER_SECONDS = 5;

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const appError = toAppError(error);
    if (appError.status >= 500) {
      logger.error(
        { err: loggableError(error, req.body), method: req.method, path: withoutWebhookSecret(req.path) },
        'request failed',
      );
    } else {
      logger.debug({ code: appError.code, path: withoutWebhookSecret(req.path) }, loggableReason(appError));
    }
    if (appError.code === 'store_unavailable') res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    const body: Record<string, unknown> = { error: appError.code, message: appError.message };
    const details = appError.details;
    if (details !== null && typeof details === 'object') Object.assign(body, details);
    if (!res.headersSent) res.status(appError.status).json(body);
  };
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const type = (error as { type?: unknown } | null)?.type;
  switch (type) {
    case 'entity.too.large':
      return new AppError('payload_too_large', 'request body exceeds 256 KiB');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 'unsupported content encoding or charset');
    case 'entity.parse.failed':
      return new AppError('invalid_json', 'the request body is not valid JSON');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new AppError('bad_request', 'the request body could not be read');
    default: {
      // body-parser's other client errors (a gzip body that does not inflate) carry only their 4xx status.
      const status = (error as { status?: unknown } | null)?.status;
      if (typeof status === 'number' && status >= 400 && status < 500)
        return new AppError('bad_request', 'the request body could not be read');
      return new AppError('internal', 'internal error');
    }
  }
}
