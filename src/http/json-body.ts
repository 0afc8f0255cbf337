// Reads a callback body: JSON content types only, at most 256 KiB (enforced while streaming), kept as raw bytes
// so signatures are checked on exactly what was sent.
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { AppError } from '../errors.ts';

export const BODY_LIMIT_BYTES = 256 * 1024;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

export const requireJsonContentType: RequestHandler = (req, _res, next) => next(contentTypeRefusal(req, false));

/**
 * JSON, or also text/plain when `acceptsTextPlain` says so for this request: AWS SNS posts its JSON envelope as
 * text/plain, so the webhooks whose template expects one take it (the body must still parse as JSON).
 */
export function requireJsonContentTypeOr(acceptsTextPlain: (res: Response) => boolean): RequestHandler {
  return (req, res, next) => next(contentTypeRefusal(req, acceptsTextPlain(res)));
}

function contentTypeRefusal(req: Request, textPlain: boolean): AppError | undefined {
  const header = req.headers['content-type'] ?? '';
  const [mediaType = '', ...parameters] = header.split(';').map((part) => part.trim());
  if (!JSON_TYPE.test(mediaType) && !(textPlain && /^text\/plain$/i.test(mediaType))) {
    const form = /^(application\/x-www-form-urlencoded|multipart\/form-data)$/i.test(mediaType);
    const what = mediaType ? `Content-Type ${mediaType}` : 'a request without Content-Type';
    const hint = form ? ' Form-encoded callbacks (such as Twilio sends) are not supported.' : '';
    return new AppError(
      'unsupported_media_type',
      `Optline accepts JSON only (Content-Type: application/json), not ${what}.${hint}`,
    );
  }
  const charset = parameters
    .find((parameter) => /^charset=/i.test(parameter))
    ?.slice(8)
    .replace(/"/g, '');
  if (charset && !/^utf-?8$/i.test(charset)) {
    return new AppError('unsupported_media_type', `JSON bodies must be UTF-8, not charset ${charset}`);
  }
  return undefined;
}

const DECOMPRESS: Record<string, (bytes: Buffer, options: { maxOutputLength: number }) => Buffer> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

const tooLarge = () => new AppError('payload_too_large', `request body exceeds ${BODY_LIMIT_BYTES / 1024} KiB`);

/**
 * Collects the body as raw bytes into `req.body`: refused (413) from Content-Length before a byte is read, or as
 * soon as the stream passes the limit; gzip, deflate and br bodies are inflated within the same limit.
 */
export const readRawBody: RequestHandler = (req, _res, next) => {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decompress = encoding === 'identity' ? null : DECOMPRESS[encoding];
  if (decompress === undefined) {
    next(new AppError('unsupported_media_type', `unsupported Content-Encoding ${encoding}`));
    return;
  }
  if (Number(req.headers['content-length']) > BODY_LIMIT_BYTES) {
    req.resume();
    next(tooLarge());
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const settle = (error?: AppError) => {
    if (settled) return;
    settled = true;
    if (error) {
      req.removeListener('data', onData);
      req.resume(); // drain what is still coming, so the 413 can be answered
    }
    next(error);
  };
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > BODY_LIMIT_BYTES) settle(tooLarge());
    else chunks.push(chunk);
  };
  req.on('data', onData);
  req.once('error', () => settle(new AppError('bad_request', 'the request body could not be read')));
  req.once('aborted', () => settle(new AppError('bad_request', 'the request body could not be read')));
  req.once('end', () => {
    if (settled) return;
    const raw = Buffer.concat(chunks, size);
    try {
      req.body = decompress ? decompress(raw, { maxOutputLength: BODY_LIMIT_BYTES }) : raw;
    } catch (error) {
      const overflow = (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
      settle(overflow ? tooLarge() : new AppError('bad_request', `the body is not valid ${encoding}`));
      return;
    }
    settle();
  });
};

/** An admin API body: JSON content type, at most 256 KiB, parsed (any JSON value; the route validates it). */
export const adminJsonBody: RequestHandler[] = [
  requireJsonContentType,
  express.json({ type: () => true, limit: BODY_LIMIT_BYTES, strict: false }),
];
