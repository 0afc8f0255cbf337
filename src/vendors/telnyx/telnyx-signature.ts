// Telnyx (API v2) signs callbacks with Ed25519: `telnyx-signature-ed25519` is the base64 signature of
// `${telnyx-timestamp}|${body}`, checked with the account's public key (base64, 32 bytes, from the portal)
// within a window around the timestamp. The signed content is the nonce: a replay of it is refused.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { epochSeconds, outsideWindow, singleHeader, type CallbackVerifier } from '../callback-verifier.ts';

export const TELNYX_TOLERANCE_SECONDS = 300;
/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface TelnyxSignatureSettings {
  publicKeyEnv: string;
  toleranceSeconds?: number;
}

export const telnyxSignatureVerifier: CallbackVerifier<'telnyxSignature', TelnyxSignatureSettings> = {
  method: 'telnyxSignature',
  secretVariable: (settings) => settings.publicKeyEnv,
  prepare(settings, publicKeyText) {
    const key = ed25519PublicKey(publicKeyText);
    if (key === null) return 'the public key is not a base64 Ed25519 key (32 bytes)';
    const tolerance = settings.toleranceSeconds ?? TELNYX_TOLERANCE_SECONDS;
    return ({ rawBody, headers, nowMs }) => {
      const signature = singleHeader(headers, 'telnyx-signature-ed25519');
      const timestampText = singleHeader(headers, 'telnyx-timestamp');
      if (!signature || !timestampText) return { ok: false, reason: 'signature headers missing' };
      const timestamp = epochSeconds(timestampText);
      if (timestamp === null) return { ok: false, reason: 'telnyx-timestamp is not epoch seconds' };
      if (outsideWindow(timestamp, nowMs, tolerance)) return { ok: false, reason: 'timestamp outside the window' };
      const signed = Buffer.concat([Buffer.from(`${timestampText}|`), rawBody]);
      const given = Buffer.from(signature, 'base64');
      if (given.length !== 64 || !verify(null, signed, key, given)) return { ok: false, reason: 'signature mismatch' };
      return { ok: true, nonce: createHash('sha256').update(signed).digest('base64url') };
    };
  },
};

function ed25519PublicKey(base64: string): KeyObject | null {
  const raw = Buffer.from(base64.trim(), 'base64');
  if (raw.length !== 32) return null;
  try {
    return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}
