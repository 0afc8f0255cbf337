// Checks an SNS message's signature with the certificate SNS names in SigningCertURL: SignatureVersion 1 is
// SHA1withRSA, 2 is SHA256withRSA, over snsStringToSign. The certificate must parse and be within its dates.
import { verify, X509Certificate } from 'node:crypto';
import { snsStringToSign, type SnsSubscriptionMessage } from './sns-message.ts';

const ALGORITHM_OF: Record<string, string> = { '1': 'RSA-SHA1', '2': 'RSA-SHA256' };

/** Why the signature does not hold, or null when it does. */
export function snsSignatureProblem(
  message: SnsSubscriptionMessage,
  certificatePem: Buffer,
  nowMs: number,
): string | null {
  const algorithm = ALGORITHM_OF[message.SignatureVersion];
  if (algorithm === undefined) return `SignatureVersion ${JSON.stringify(message.SignatureVersion)} is not 1 or 2`;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    return 'the signing certificate is not an X.509 certificate';
  }
  if (nowMs < Date.parse(certificate.validFrom) || nowMs > Date.parse(certificate.validTo))
    return 'the signing certificate is outside its validity dates';
  if (certificate.publicKey.asymmetricKeyType !== 'rsa') return 'the signing certificate has no RSA key';
  const signature = Buffer.from(message.Signature, 'base64');
  const valid = verify(algorithm, Buffer.from(snsStringToSign(message), 'utf8'), certificate.publicKey, signature);
  return valid ? null : 'the signature does not match the message';
}
