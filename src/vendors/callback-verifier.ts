// How a provider's callbacks prove where they come from, checked on the raw bytes before anything is parsed.
// A rule file's `verify` names the method and the environment variable that holds the secret.

export type CallbackHeaders = Record<string, string | string[] | undefined>;

export type AuthVerdict = { ok: true; nonce: string | null } | { ok: false; reason: string };

export interface CallbackToVerify {
  rawBody: Uint8Array;
  headers: CallbackHeaders;
  nowMs: number;
}

export interface CallbackVerifier {
  /** The key of a rule file's `verify` object that selects this check. */
  method: 'sinchSignature' | 'basicAuth';
  /** `username`: basic auth's user name from the rule file (unused by signature checks). */
  verify(callback: CallbackToVerify, secret: string, username: string | null): AuthVerdict;
}
