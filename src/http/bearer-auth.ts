// The admin API's bearer check. Every configured token is compared in constant time; the matching token's
// label becomes the author of any change the request makes (res.locals.author).
import type { RequestHandler, Response } from 'express';
import type { AdminToken } from '../config.ts';
import { sameSecret } from '../crypto/same-secret.ts';
import { AppError } from '../errors.ts';

/** What every /api route answers while no admin token is configured. */
export const apiOff = () =>
  new AppError('not_found', 'the API is off: set OPTLINE_ADMIN_TOKEN or OPTLINE_ADMIN_TOKENS to turn it on');

export function bearerAuth(tokens: readonly AdminToken[]): RequestHandler {
  return (req, res, next) => {
    if (tokens.length === 0) {
      next(apiOff());
      return;
    }
    if (res.locals.session !== undefined) {
      next(); // authenticated by the session cookie (session-auth.ts)
      return;
    }
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const presented = match?.[1];
    let label: string | null = null;
    for (const token of tokens) {
      if (presented !== undefined && sameSecret(presented, token.token) && label === null) label = token.label;
    }
    if (label === null) {
      next(new AppError('unauthorized', 'a valid bearer token is required'));
      return;
    }
    res.locals.author = label;
    next();
  };
}

/** The label of the token the request was authenticated with. */
export function authorOf(res: Response): string {
  return typeof res.locals.author === 'string' ? res.locals.author : 'unknown';
}
