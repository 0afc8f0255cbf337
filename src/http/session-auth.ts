// Lets a request to /api authenticate with the console's session cookie instead of a bearer token (a request
// with an Authorization header is the bearer check's). A cookie is sent by the browser on its own, so a write
// made with one must also prove it comes from the console's page: the X-CSRF-Token the session was given, and,
// when the browser names it, an Origin equal to the API's own (the request's, or OPTLINE_PUBLIC_URL's behind a
// proxy).
import type { Request, RequestHandler } from 'express';
import type { AdminSessions } from '../admin/admin-sessions.ts';
import type { AdminSession } from '../admin/admin-store.ts';
import { sameSecret } from '../crypto/same-secret.ts';
import { AppError } from '../errors.ts';
import { sessionIdOf } from './session-cookie.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionAuth(sessions: AdminSessions, apiOn: boolean, publicUrl: string): RequestHandler {
  return async (req, res, next) => {
    const id = sessionIdOf(req);
    if (!apiOn || req.headers.authorization !== undefined || id === undefined) {
      next();
      return;
    }
    const session = await sessions.resolve(id);
    if (session === null) {
      next(new AppError('unauthorized', 'the session has expired or was signed out: sign in again'));
      return;
    }
    const refusal = csrfRefusal(req, session, publicUrl);
    if (refusal !== null) {
      next(refusal);
      return;
    }
    res.locals.session = session;
    res.locals.author = session.label;
    next();
  };
}

/** Why a write made with this session is refused (403), or null for a read or a write from the console. */
export function csrfRefusal(req: Request, session: AdminSession, publicUrl: string): AppError | null {
  if (READS.has(req.method)) return null;
  const presented = req.headers['x-csrf-token'];
  if (typeof presented !== 'string' || !sameSecret(presented, session.csrfToken)) {
    const what = presented === undefined ? 'is missing' : 'does not match the session';
    return new AppError(
      'forbidden',
      `a write made with the session cookie needs its X-CSRF-Token header, which ${what}`,
    );
  }
  const origin = req.headers.origin;
  const own = `${req.protocol}://${req.get('host') ?? ''}`;
  if (origin !== undefined && origin !== own && origin !== originOf(publicUrl)) {
    return new AppError('forbidden', `the request's Origin ${origin.slice(0, 200)} is not this API's origin ${own}`);
  }
  return null;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
