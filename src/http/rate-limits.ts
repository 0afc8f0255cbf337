// Per-minute request limits for the console's routes (express-rate-limit, counted in memory per instance).
// Sign-ins are counted per client address, to slow token guessing; the rest per session (or bearer token's
// label), so one browser tab cannot starve the others.
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { hashOf } from '../admin/admin-sessions.ts';
import { AppError } from '../errors.ts';
import { sessionIdOf } from './session-cookie.ts';

export interface RateLimits {
  signInsPerMinute: number;
  requestsPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { signInsPerMinute: 10, requestsPerMinute: 300 };

const addressOf = (req: Request) => `ip:${ipKeyGenerator(req.ip ?? '')}`;

function sessionKey(req: Request, res: Response): string {
  const session: unknown = res.locals.session;
  if (typeof session === 'object' && session !== null && 'idHash' in session)
    return `session:${String(session.idHash)}`;
  const id = sessionIdOf(req);
  if (id !== undefined) return `session:${hashOf(id)}`;
  if (typeof res.locals.author === 'string') return `token:${res.locals.author}`;
  return addressOf(req);
}

function limiter(limit: number, what: string, keyGenerator: (req: Request, res: Response) => string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator,
    // Behind a proxy without "trust proxy", every client shares the proxy's address: a documented trade-off.
    validate: { xForwardedForHeader: false },
    handler: (_req, _res, next) =>
      next(new AppError('too_many_requests', `more than ${limit} ${what} a minute: retry after Retry-After seconds`)),
  });
}

export function signInLimit(limits: RateLimits): RequestHandler {
  return limiter(limits.signInsPerMinute, 'sign-ins from this address', addressOf);
}

export function sessionLimit(limits: RateLimits): RequestHandler {
  return limiter(limits.requestsPerMinute, 'requests in this session', sessionKey);
}
