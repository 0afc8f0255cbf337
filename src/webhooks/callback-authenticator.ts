// How a webhook proves a callback came from its provider: the check its rule file's `verify` names (Sinch's
// HMAC signature, basic auth), or nothing beyond the secret URL. Secrets come from environment variables named
// in the rule file; while one is not set, the webhook refuses every callback (401) rather than accept unverified ones.
import type { VerifyConfig } from '../rules/webhook-definition.ts';
import type { AuthVerdict } from '../vendors/callback-verifier.ts';
import { callbackVerifier } from '../vendors/vendor-registry.ts';

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
  config: VerifyConfig | null,
  env: NodeJS.ProcessEnv,
): WebhookAuthentication {
  if (config === null) return { authenticate: () => ({ ok: true, nonce: null }), warning: null };
  const variable = 'sinchSignature' in config ? config.sinchSignature.secretEnv : config.basicAuth.passwordEnv;
  const secret = env[variable];
  if (!secret) {
    const warning = `webhook ${webhookId} verifies callbacks with the secret in ${variable}, which is not set: its callbacks are refused (401) until it is`;
    return { authenticate: () => ({ ok: false, reason: `${variable} is not set on the server` }), warning };
  }
  const verifier = callbackVerifier('sinchSignature' in config ? 'sinchSignature' : 'basicAuth');
  const username = 'basicAuth' in config ? config.basicAuth.username : null;
  return {
    authenticate: (rawBody, headers, nowMs) => verifier.verify({ rawBody, headers, nowMs }, secret, username),
    warning: null,
  };
}
