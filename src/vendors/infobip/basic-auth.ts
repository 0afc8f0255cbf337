// Infobip can call webhooks with HTTP basic auth; the credentials are compared in constant time.
import { sameSecret } from '../../crypto/same-secret.ts';
import { singleHeader, type CallbackVerifier } from '../callback-verifier.ts';

export function verifyBasicAuth(authorization: string | undefined, username: string, password: string): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'base64').toString('utf8');
  return sameSecret(given, `${username}:${password}`);
}

export const basicAuthVerifier: CallbackVerifier<'basicAuth', { username: string; passwordEnv: string }> = {
  method: 'basicAuth',
  secretVariable: (settings) => settings.passwordEnv,
  prepare: (settings, password) => (callback) => {
    const ok = verifyBasicAuth(singleHeader(callback.headers, 'authorization'), settings.username, password);
    return ok ? { ok: true, nonce: null } : { ok: false, reason: 'basic auth credentials missing or wrong' };
  },
};
