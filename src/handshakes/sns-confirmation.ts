// Confirms an SNS subscription on the admin's behalf (rule file: "sns": {"autoConfirm": true}): both URLs the
// message names are checked against the allowed hosts before anything is fetched, then the signing
// certificate is fetched and the signature checked, and only then is the SubscribeURL visited.
import { refusedSnsUrl, type OutboundAllowList } from './outbound-allow-list.ts';
import { boundedGet } from './bounded-fetch.ts';
import type { SnsSubscriptionMessage } from './sns-message.ts';
import { snsSignatureProblem } from './sns-signature.ts';

export interface SnsConfirmerOptions {
  allow: OutboundAllowList;
  /** Per request (certificate, then SubscribeURL); default 10 s. */
  timeoutMs?: number;
  now?: () => number;
}

/**
 * refused: the message cannot be trusted (a URL off the allowed hosts, a signature that does not hold);
 * failed: a request did not get through, and the same message may succeed later.
 */
export type SnsConfirmation =
  { outcome: 'confirmed' } | { outcome: 'refused'; reason: string } | { outcome: 'failed'; reason: string };

export type SnsConfirmer = (message: SnsSubscriptionMessage) => Promise<SnsConfirmation>;

const DEFAULT_TIMEOUT_MS = 10_000;
/** An SNS signing certificate is about 2 KB of PEM; its chain would still fit many times over. */
const MAX_CERTIFICATE_BYTES = 64 * 1024;
/** The ConfirmSubscription answer is a short XML document; only its status is used. */
const MAX_CONFIRMATION_BYTES = 64 * 1024;

export function snsConfirmer(options: SnsConfirmerOptions): SnsConfirmer {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const outbound = { allow: options.allow };
  return async (message) => {
    const certificateRefusal = refusedSnsUrl(message.SigningCertURL, options.allow);
    if (certificateRefusal !== null) return { outcome: 'refused', reason: `SigningCertURL ${certificateRefusal}` };
    const subscribeRefusal = refusedSnsUrl(message.SubscribeURL, options.allow);
    if (subscribeRefusal !== null) return { outcome: 'refused', reason: `SubscribeURL ${subscribeRefusal}` };

    const certificate = await boundedGet(message.SigningCertURL, {
      timeoutMs,
      maxBytes: MAX_CERTIFICATE_BYTES,
      outbound,
    });
    if (!certificate.ok) return { outcome: 'failed', reason: `the signing certificate: ${certificate.reason}` };
    if (certificate.status !== 200)
      return { outcome: 'failed', reason: `the signing certificate: answered ${certificate.status}` };
    const problem = snsSignatureProblem(message, certificate.body, now());
    if (problem !== null) return { outcome: 'refused', reason: `not signed by SNS: ${problem}` };

    const confirmation = await boundedGet(message.SubscribeURL, {
      timeoutMs,
      maxBytes: MAX_CONFIRMATION_BYTES,
      outbound,
    });
    if (!confirmation.ok) return { outcome: 'failed', reason: `SubscribeURL: ${confirmation.reason}` };
    if (confirmation.status < 200 || confirmation.status >= 300)
      return { outcome: 'failed', reason: `SubscribeURL answered ${confirmation.status}` };
    return { outcome: 'confirmed' };
  };
}
