// How a webhook proves a callback came from its provider: Sinch's HMAC signature, Infobip's basic auth, or
// nothing beyond the secret URL. Secrets come from environment variables named in the rule file; while one is
// not set, the webhook refuses every callback (401) rather than accept unverified ones.
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

export interface WebhookAuthentication {
  authenticate: CallbackAuthenticator;
  /** Set when the webhook cannot verify callbacks yet (its secret variable is not set). */
  warning: string | null;
}

export function authenticationFor(
  webhookId: string,
  spec: VerifySpec | null,
  env: NodeJS.ProcessEnv,
): WebhookAuthentication {
  if (spec === null) return { authenticate: () => ({ ok: true, nonce: null }), warning: null };
  const variable = 'sinchSignature' in spec ? spec.sinchSignature.secretEnv : spec.basicAuth.passwordEnv;
  if (!env[variable]) {
    const warning = `webhook ${webhookId} verifies callbacks with the secret in ${variable}, which is not set: its callbacks are refused (401) until it is`;
    return { authenticate: () => ({ ok: false, reason: `${variable} is not set on the server` }), warning };
  }
  return { authenticate: authenticator(spec, env[variable]), warning: null };
}

function authenticator(spec: VerifySpec, secret: string): CallbackAuthenticator {
  if ('sinchSignature' in spec) {
    return (rawBody, headers, nowMs) => {
      const verdict = verifySinchSignature(rawBody, headers, secret, nowMs);
      return verdict.ok ? { ok: true, nonce: verdict.nonce } : verdict;
    };
  }
  const username = spec.basicAuth.username;
  return (_rawBody, headers, _nowMs) => {
    const header = headers.authorization;
    const ok = verifyBasicAuth(Array.isArray(header) ? header[0] : header, username, secret);
    return ok ? { ok: true, nonce: null } : { ok: false, reason: 'basic auth credentials missing or wrong' };
  };
}
