// The console's session cookie: HttpOnly (scripts cannot read it), SameSite=Strict (other sites' pages never
// send it), Secure when the request came over https (directly, or through a proxy to an https
// OPTLINE_PUBLIC_URL), and as long-lived as the session.
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Request, Response } from 'express';
import { SESSION_LIFETIME_MS } from '../admin/admin-sessions.ts';

export const SESSION_COOKIE = 'optline_session';

/** The session id the request carries, if any. */
export function sessionIdOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  const id = parseCookie(header)[SESSION_COOKIE];
  return id === undefined || id === '' ? undefined : id;
}

export function setSessionCookie(req: Request, res: Response, id: string, publicUrl: string): void {
  res.append('Set-Cookie', cookieOf(req, id, SESSION_LIFETIME_MS / 1000, publicUrl));
}

export function clearSessionCookie(req: Request, res: Response, publicUrl: string): void {
  res.append('Set-Cookie', cookieOf(req, '', 0, publicUrl));
}

function cookieOf(req: Request, value: string, maxAge: number, publicUrl: string): string {
  return stringifySetCookie(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    maxAge,
    secure: req.secure || publicUrl.startsWith('https:'),
  });
}
