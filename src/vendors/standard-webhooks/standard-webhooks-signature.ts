// Standard Webhooks (standardwebhooks.com), as Svix and many providers send them: base64(HMAC-SHA256(key,
// `${webhook-id}.${webhook-timestamp}.${body}`)) in `webhook-signature` as space-separated `v1,<base64>` entries
// (several while a provider rotates its secret), the key being the base64 part of a `whsec_` secret. Checked in
// constant time within 5 minutes of the timestamp; the webhook-id is the nonce that refuses a replay.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { epochSeconds, outsideWindow, singleHeader, type CallbackVerifier } from '../callback-verifier.ts';

export const STANDARD_WEBHOOKS_TOLERANCE_SECONDS = 300;
/** A webhook-id is remembered as a nonce: bounded so a sender cannot make the memory hold long strings. */
const MAX_ID_LENGTH = 256;
/** Entries beyond these in one header are not tried (a rotation carries two or three). */
const MAX_SIGNATURES = 8;

export const standardWebhooksVerifier: CallbackVerifier<'standardWebhooks', { secretEnv: string }> = {
  method: 'standardWebhooks',
  secretVariable: (settings) => settings.secretEnv,
  prepare(_settings, secret) {
    const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
    if (key.length === 0) return 'the secret is not a whsec_ secret (base64 after the prefix)';
    return ({ rawBody, headers, nowMs }) => {
      const id = singleHeader(headers, 'webhook-id');
      const timestampText = singleHeader(headers, 'webhook-timestamp');
      const signatures = singleHeader(headers, 'webhook-signature');
      if (!id || !timestampText || !signatures) return { ok: false, reason: 'signature headers missing' };
      if (id.length > MAX_ID_LENGTH) return { ok: false, reason: 'webhook-id is too long' };
      const timestamp = epochSeconds(timestampText);
      if (timestamp === null) return { ok: false, reason: 'webhook-timestamp is not epoch seconds' };
      if (outsideWindow(timestamp, nowMs, STANDARD_WEBHOOKS_TOLERANCE_SECONDS)) {
        return { ok: false, reason: 'timestamp outside the window' };
      }
      const expected = createHmac('sha256', key).update(`${id}.${timestampText}.`).update(rawBody).digest();
      const matches = signatures
        .split(' ')
        .slice(0, MAX_SIGNATURES)
        .some((entry) => {
          if (!entry.startsWith('v1,')) return false;
          const given = Buffer.from(entry.slice(3), 'base64');
          return given.length === expected.length && timingSafeEqual(given, expected);
        });
      return matches ? { ok: true, nonce: id } : { ok: false, reason: 'signature mismatch' };
    };
  },
};
