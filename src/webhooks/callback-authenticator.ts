// How a webhook proves a callback came from its provider: Sinch's HMAC signature, Infobip's basic auth, or
// nothing beyond the secret URL. Secrets come from environment variables named in the rule file.
import { ConfigError } from '../config.ts';
import { verifyBasicAuth } from '../vendors/infobip/basic-auth.ts';
import { verifySinchSignature } from '../vendors/sinch/sinch-signature.ts';

export type VerifySpec =
  | { sinchSignature: { secretEnv: string } }
  | { basicAuth: { username: string; passwordEnv: string } };

export type AuthVerdict = { ok: true; nonce: string | null } | { ok: false; reason: string };

export type CallbackAuthenticator = (
  rawBody: Uint8Array,
  headers: Record<string, string | string[] | undefined>,
  nowMs: number,
) => AuthVerdict;

export function authenticatorFor(
  webhookId: string,
  spec: VerifySpec | null,
  env: NodeJS.ProcessEnv,
): CallbackAuthenticator {
  if (spec === null) return () => ({ ok: true, nonce: null });
  if ('sinchSignature' in spec) {
    const secret = requiredEnv(webhookId, env, spec.sinchSignature.secretEnv);
    return (rawBody, headers, nowMs) => {
      const verdict = verifySinchSignature(rawBody, headers, secret, nowMs);
      return verdict.ok ? { ok: true, nonce: verdict.nonce } : verdict;
    };
  }
  const password = requiredEnv(webhookId, env, spec.basicAuth.passwordEnv);
  const username = spec.basicAuth.username;
  return (_rawBody, headers, _nowMs) => {
    const header = headers.authorization;
    const ok = verifyBasicAuth(Array.isArray(header) ? header[0] : header, username, password);
    return ok ? { ok: true, nonce: null } : { ok: false, reason: 'basic auth credentials missing or wrong' };
  };
}

function requiredEnv(webhookId: string, env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`webhook ${webhookId} verifies callbacks with the secret in ${name}, which is not set`);
  return value;
}
