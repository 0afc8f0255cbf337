// Reads a callback body: JSON content types only, at most 256 KiB (enforced while streaming), kept as raw bytes
// so signatures are checked on exactly what was sent.
import express, { type RequestHandler } from 'express';
import { AppError } from '../errors.ts';

export const BODY_LIMIT_BYTES = 256 * 1024;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

export const requireJsonContentType: RequestHandler = (req, _res, next) => {
  const header = req.headers['content-type'] ?? '';
  const [mediaType = '', ...parameters] = header.split(';').map((part) => part.trim());
  if (!JSON_TYPE.test(mediaType)) {
    const form = /^(application\/x-www-form-urlencoded|multipart\/form-data)$/i.test(mediaType);
    const what = mediaType ? `Content-Type ${mediaType}` : 'a request without Content-Type';
    const hint = form ? ' Form-encoded callbacks (such as Twilio sends) are not supported.' : '';
    next(new AppError('unsupported_media_type', `Optline accepts JSON only (Content-Type: application/json), not ${what}.${hint}`));
    return;
  }
  const charset = parameters.find((parameter) => /^charset=/i.test(parameter))?.slice(8).replace(/"/g, '');
  if (charset && !/^utf-?8$/i.test(charset)) {
    next(new AppError('unsupported_media_type', `JSON bodies must be UTF-8, not charset ${charset}`));
    return;
  }
  next();
};

export const readRawBody: RequestHandler = express.raw({ type: () => true, limit: BODY_LIMIT_BYTES });

/** An admin API body: JSON content type, at most 256 KiB, parsed (any JSON value; the route validates it). */
export const adminJsonBody: RequestHandler[] = [
  requireJsonContentType,
  express.json({ type: () => true, limit: BODY_LIMIT_BYTES, strict: false }),
];
