// How a provider's callbacks prove where they come from, checked on the raw bytes before anything is parsed.
// A rule file's `verify` names the method, its settings and the environment variable that holds the secret.

export type CallbackHeaders = Record<string, string | string[] | undefined>;

/** `nonce`: what identifies this signed callback, remembered (by the caller) so a replay is refused. */
export type AuthVerdict = { ok: true; nonce: string | null } | { ok: false; reason: string };

export interface CallbackToVerify {
  rawBody: Uint8Array;
  headers: CallbackHeaders;
  nowMs: number;
  /** The URL the provider posted to, as the public sees it: OPTLINE_PUBLIC_URL + path + query (never Host). */
  url: string;
}

export type CallbackCheck = (callback: CallbackToVerify) => AuthVerdict;

export interface CallbackVerifier<Method extends string = string, Settings = unknown> {
  /** The key of a rule file's `verify` object that selects this check. */
  method: Method;
  /** The environment variable the settings name for the secret (or public key). */
  secretVariable(settings: Settings): string;
  /**
   * The check for one webhook, from its settings (already schema-valid) and its secret; a string says why the
   * secret cannot be used (it is never quoted).
   */
  prepare(settings: Settings, secret: string): CallbackCheck | string;
}

export function singleHeader(headers: CallbackHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Whole seconds since the epoch, as a header carries them; null when it is not that. */
export function epochSeconds(text: string | undefined): number | null {
  return text !== undefined && /^\d{1,12}$/.test(text) ? Number(text) : null;
}

export function outsideWindow(timestampSeconds: number, nowMs: number, toleranceSeconds: number): boolean {
  return Math.abs(nowMs / 1000 - timestampSeconds) > toleranceSeconds;
}
