// Sinch callback signing: Base64(HMAC-SHA256(secret, rawBody + "." + nonce + "." + timestamp)), checked on the
// raw bytes with a constant-time compare and a freshness window. Nonce reuse is checked by the caller (store).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CallbackHeaders, CallbackVerifier } from '../callback-verifier.ts';

export const SINCH_SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureVerdict = { ok: true; nonce: string; timestamp: number } | { ok: false; reason: string };

export function verifySinchSignature(
  rawBody: Uint8Array,
  headers: CallbackHeaders,
  secret: string,
  nowMs: number,
  toleranceSeconds = SINCH_SIGNATURE_TOLERANCE_SECONDS,
): SignatureVerdict {
  const signature = single(headers['x-sinch-webhook-signature']);
  const nonce = single(headers['x-sinch-webhook-signature-nonce']);
  const timestampText = single(headers['x-sinch-webhook-signature-timestamp']);
  const algorithm = single(headers['x-sinch-webhook-signature-algorithm']) ?? 'HmacSHA256';
  if (!signature || !nonce || !timestampText) return { ok: false, reason: 'signature headers missing' };
  if (algorithm.toLowerCase() !== 'hmacsha256')
    return { ok: false, reason: `unsupported signature algorithm ${algorithm}` };
  if (!/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: 'signature timestamp is not epoch seconds' };
  const timestamp = Number(timestampText);
  if (Math.abs(nowMs / 1000 - timestamp) > toleranceSeconds) {
    return { ok: false, reason: 'signature timestamp outside the accepted window' };
  }
  const expected = createHmac('sha256', secret).update(rawBody).update(`.${nonce}.${timestampText}`).digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature does not match' };
  }
  return { ok: true, nonce, timestamp };
}

/** Sinch SMS and Sinch Conversation sign their callbacks alike. */
export const sinchSignatureVerifier: CallbackVerifier<'sinchSignature', { secretEnv: string }> = {
  method: 'sinchSignature',
  secretVariable: (settings) => settings.secretEnv,
  prepare: (_settings, secret) => (callback) => {
    const verdict = verifySinchSignature(callback.rawBody, callback.headers, secret, callback.nowMs);
    return verdict.ok ? { ok: true, nonce: verdict.nonce } : verdict;
  },
};

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
