// /api/session: the browser console signs in with an admin token and gets an HttpOnly session cookie and a CSRF
// token; /api/console-config tells the console, before any sign-in, whether the admin API is on at all.
import { Router } from 'express';
import type { AdminSessions } from '../admin/admin-sessions.ts';
import type { AdminSession } from '../admin/admin-store.ts';
import { validationFailed } from '../admin/field-problem.ts';
import { schemaCheck } from '../admin/schema-check.ts';
import { AppError } from '../errors.ts';
import { apiOff } from './bearer-auth.ts';
import { adminJsonBody } from './json-body.ts';
import { type RateLimits, sessionLimit, signInLimit } from './rate-limits.ts';
import { csrfRefusal } from './session-auth.ts';
import { clearSessionCookie, sessionIdOf, setSessionCookie } from './session-cookie.ts';

export const SIGN_IN_SCHEMA = {
  type: 'object',
  required: ['token'],
  additionalProperties: false,
  properties: { token: { type: 'string', minLength: 1, maxLength: 1024, description: 'an admin token' } },
} as const;

export const SESSION_SCHEMA = {
  type: 'object',
  required: ['label', 'expiresAt', 'csrfToken'],
  additionalProperties: false,
  properties: {
    label: { type: 'string', description: "the token's label: the author of changes made in this session" },
    expiresAt: { type: 'string', format: 'date-time' },
    csrfToken: { type: 'string', description: 'send as X-CSRF-Token with every write made with the cookie' },
  },
} as const;

export const CONSOLE_CONFIG_SCHEMA = {
  type: 'object',
  required: ['adminApi'],
  additionalProperties: false,
  properties: { adminApi: { type: 'boolean', description: 'false: no admin token is configured, the API is off' } },
} as const;

const checkSignIn = schemaCheck<{ token: string }>(SIGN_IN_SCHEMA);

const view = (session: AdminSession) => ({
  label: session.label,
  expiresAt: session.expiresAt,
  csrfToken: session.csrfToken,
});

export function sessionRouter(options: {
  sessions: AdminSessions;
  apiOn: boolean;
  limits: RateLimits;
  publicUrl: string;
}): Router {
  const { sessions, apiOn, publicUrl } = options;
  const router = Router();
  router.get('/api/console-config', (_req, res) => {
    res.json({ adminApi: apiOn });
  });
  router.use('/api/session', (_req, _res, next) => next(apiOn ? undefined : apiOff()));
  router.post('/api/session', signInLimit(options.limits), ...adminJsonBody, async (req, res) => {
    const checked = checkSignIn(req.body);
    if (!checked.ok) throw validationFailed('the sign-in', checked.problems);
    const opened = await sessions.signIn(checked.value.token);
    if (opened === null) throw new AppError('unauthorized', 'that is not an admin token');
    setSessionCookie(req, res, opened.id, publicUrl);
    res.status(201).json(view(opened.session));
  });
  const current = async (id: string | undefined) => (id === undefined ? null : sessions.resolve(id));
  router.get('/api/session', sessionLimit(options.limits), async (req, res) => {
    const session = await current(sessionIdOf(req));
    if (session === null) throw new AppError('unauthorized', 'not signed in, or the session has expired');
    res.json(view(session));
  });
  router.delete('/api/session', sessionLimit(options.limits), async (req, res) => {
    const id = sessionIdOf(req);
    const session = await current(id);
    if (session !== null && id !== undefined) {
      const refusal = csrfRefusal(req, session, publicUrl);
      if (refusal !== null) throw refusal;
      await sessions.signOut(id);
    }
    clearSessionCookie(req, res, publicUrl);
    res.status(204).end();
  });
  return router;
}
