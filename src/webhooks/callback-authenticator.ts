// How a webhook proves a callback came from its provider: the check its rule file's `verify` names (one of the
// vendor registry's verifiers), or nothing beyond the secret URL. Secrets come from environment variables named
// in the rule file; while one is not set (or cannot be used), the webhook refuses every callback (401) rather
// than accept unverified ones.
import type { VerifyConfig } from '../rules/webhook-definition.ts';
import type { CallbackCheck } from '../vendors/callback-verifier.ts';
import { callbackVerifier, type VerifyMethod } from '../vendors/vendor-registry.ts';

export type CallbackAuthenticator = CallbackCheck;

export interface WebhookAuthentication {
  authenticate: CallbackAuthenticator;
  /** Set when the webhook cannot verify callbacks yet (its secret variable is not set, or not usable). */
  warning: string | null;
}

export function authenticationFor(
  webhookId: string,
  config: VerifyConfig | null,
  env: NodeJS.ProcessEnv,
): WebhookAuthentication {
  if (config === null) return { authenticate: () => ({ ok: true, nonce: null }), warning: null };
  const [method, settings] = Object.entries(config)[0] as [VerifyMethod, unknown];
  const verifier = callbackVerifier(method);
  const variable = verifier.secretVariable(settings);
  const secret = env[variable];
  if (!secret) {
    const warning = `webhook ${webhookId} verifies callbacks with the secret in ${variable}, which is not set: its callbacks are refused (401) until it is`;
    return { authenticate: () => ({ ok: false, reason: `${variable} is not set on the server` }), warning };
  }
  const check = verifier.prepare(settings, secret);
  if (typeof check === 'string') {
    const warning = `webhook ${webhookId} cannot verify callbacks with ${variable}: ${check}; its callbacks are refused (401) until it is fixed`;
    return { authenticate: () => ({ ok: false, reason: `${variable} is not usable on the server` }), warning };
  }
  return { authenticate: check, warning: null };
}

/** The method a webhook's callbacks are verified by, for GET /api/webhooks; null: the secret URL alone. */
export function verificationOf(config: VerifyConfig | null): VerifyMethod | null {
  return config === null ? null : (Object.keys(config)[0] as VerifyMethod);
}
