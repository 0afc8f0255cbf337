// Twilio's X-Twilio-Signature, for Custom webhooks that receive Twilio's JSON (Event Streams' webhook sink):
// base64(HMAC-SHA1(auth token, the full URL Twilio posted to)). For a JSON body Twilio adds the body's SHA-256
// (hex) to the URL as `bodySHA256` instead of signing form fields, so the body must hash to it. The URL is the
// configured public one (OPTLINE_PUBLIC_URL + path + query), never the Host header a client can choose.
// Twilio's signature has no timestamp or id: a replay within reach of its idempotency is all that stops it.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { singleHeader, type CallbackVerifier } from '../callback-verifier.ts';

export const twilioSignatureVerifier: CallbackVerifier<'twilioSignature', { authTokenEnv: string }> = {
  method: 'twilioSignature',
  secretVariable: (settings) => settings.authTokenEnv,
  prepare:
    (_settings, authToken) =>
    ({ rawBody, headers, url }) => {
      const signature = singleHeader(headers, 'x-twilio-signature');
      if (!signature) return { ok: false, reason: 'signature headers missing' };
      const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
      const bodyHash = new URLSearchParams(query).get('bodySHA256');
      if (bodyHash === null) return { ok: false, reason: 'bodySHA256 query parameter missing' };
      const expected = createHmac('sha1', authToken).update(url).digest();
      const given = Buffer.from(signature, 'base64');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, reason: 'signature mismatch' };
      }
      // Signed, so not a forgery; compared in constant time all the same.
      const actual = Buffer.from(createHash('sha256').update(rawBody).digest('hex'));
      const claimed = Buffer.from(bodyHash.toLowerCase());
      if (claimed.length !== actual.length || !timingSafeEqual(claimed, actual)) {
        return { ok: false, reason: 'body does not match bodySHA256' };
      }
      return { ok: true, nonce: null };
    },
};
