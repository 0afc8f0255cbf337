// Browser console sessions: signing in with an admin token opens one for 8 hours. The client holds a random id
// (in a cookie); the admin store keeps only its SHA-256, so a copy of the store cannot be replayed as a login,
// and sessions survive a restart and are shared by every instance on the same store.
import { createHash, randomBytes } from 'node:crypto';
import type { AdminToken } from '../config.ts';
import { sameSecret } from '../crypto/same-secret.ts';
import type { AdminSession, AdminStore } from './admin-store.ts';

export const SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;

export interface OpenedSession {
  /** The random id for the cookie: returned once, never stored. */
  id: string;
  session: AdminSession;
}

export class AdminSessions {
  constructor(private readonly options: { store: AdminStore; tokens: readonly AdminToken[]; now: () => number }) {}

  /** A new session for the token presented, or null when it is no configured admin token. */
  async signIn(presented: string): Promise<OpenedSession | null> {
    let label: string | null = null;
    for (const token of this.options.tokens) {
      if (sameSecret(presented, token.token) && label === null) label = token.label;
    }
    if (label === null) return null;
    const now = this.options.now();
    await this.options.store.purgeExpiredSessions(new Date(now).toISOString());
    const id = randomBytes(32).toString('base64url');
    const session: AdminSession = {
      idHash: hashOf(id),
      label,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + SESSION_LIFETIME_MS).toISOString(),
    };
    await this.options.store.saveSession(session);
    return { id, session };
  }

  /** The live session with this id; an expired one is deleted and refused (null). */
  async resolve(id: string): Promise<AdminSession | null> {
    const session = await this.options.store.session(hashOf(id));
    if (session === null) return null;
    if (Date.parse(session.expiresAt) <= this.options.now()) {
      await this.options.store.deleteSession(session.idHash);
      return null;
    }
    // A token removed from the configuration ends the sessions opened with it.
    if (!this.options.tokens.some((token) => token.label === session.label)) return null;
    return session;
  }

  async signOut(id: string): Promise<void> {
    await this.options.store.deleteSession(hashOf(id));
  }
}

export function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}
