// A provider's own HMAC scheme, described in the rule file: which header carries the signature, the hash
// (SHA-256 or SHA-1), its encoding (hex or base64) and prefix (GitHub's `sha256=`), and what is signed: the raw
// body, or a timestamp header's value, a separator and the body (Stripe- or Slack-like) within a tolerance. With a
// timestamp the signed content is the nonce that refuses a replay; a body-only signature has no clock to bound
// a replay by, so only idempotency stands against it.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { epochSeconds, outsideWindow, singleHeader, type CallbackVerifier } from '../callback-verifier.ts';

export const HMAC_TOLERANCE_SECONDS = 300;

export interface HmacSignatureSettings {
  secretEnv: string;
  header: string;
  algorithm: 'sha256' | 'sha1';
  encoding: 'hex' | 'base64';
  prefix?: string;
  timestamp?: { header: string; separator?: string; toleranceSeconds?: number };
}

export const hmacSignatureVerifier: CallbackVerifier<'hmacSignature', HmacSignatureSettings> = {
  method: 'hmacSignature',
  secretVariable: (settings) => settings.secretEnv,
  prepare: (settings, secret) => {
    const header = settings.header.toLowerCase();
    const prefix = settings.prefix ?? '';
    const stamp = settings.timestamp;
    return ({ rawBody, headers, nowMs }) => {
      const value = singleHeader(headers, header)?.trim();
      const timestampText = stamp === undefined ? '' : singleHeader(headers, stamp.header.toLowerCase());
      if (!value || timestampText === undefined) return { ok: false, reason: 'signature headers missing' };
      if (stamp !== undefined) {
        const timestamp = epochSeconds(timestampText);
        if (timestamp === null) return { ok: false, reason: `${stamp.header} is not epoch seconds` };
        if (outsideWindow(timestamp, nowMs, stamp.toleranceSeconds ?? HMAC_TOLERANCE_SECONDS)) {
          return { ok: false, reason: 'timestamp outside the window' };
        }
      }
      const signedPrefix = stamp === undefined ? '' : `${timestampText}${stamp.separator ?? '.'}`;
      const expected = createHmac(settings.algorithm, secret).update(signedPrefix).update(rawBody).digest();
      const given = value.startsWith(prefix) ? decode(value.slice(prefix.length), settings.encoding) : null;
      if (given === null || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, reason: 'signature mismatch' };
      }
      if (stamp === undefined) return { ok: true, nonce: null };
      return { ok: true, nonce: createHash('sha256').update(signedPrefix).update(rawBody).digest('base64url') };
    };
  },
};

function decode(text: string, encoding: 'hex' | 'base64'): Buffer | null {
  if (encoding === 'hex') return /^(?:[0-9a-fA-F]{2})+$/.test(text) ? Buffer.from(text, 'hex') : null;
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : null;
}
