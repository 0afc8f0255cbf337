// A fake Amazon SNS on a loopback port: it serves a signing certificate of its own (an RSA key and a self-signed
// X.509 certificate made here), signs subscription messages the way SNS does (SignatureVersion 1 or 2 over the
// canonical string), and records every request, so a test sees what the service fetched and confirmed.
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { snsStringToSign, type SnsSubscriptionMessage } from '../../src/handshakes/sns-message.ts';

export const CERTIFICATE_PATH = '/SimpleNotificationService-fake.pem';
export const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:optline-test';

export interface FakeSns {
  /** host:port, as OPTLINE_OUTBOUND_ALLOW lists it. */
  readonly host: string;
  readonly baseUrl: string;
  /** Every request's path with its query, in order. */
  readonly requests: string[];
  /** The status the SubscribeURL answers (default 200). */
  confirmStatus: number;
  /** A subscription message of `type`, signed with the fake's key (fields in `overrides` are signed too). */
  message(
    type: SnsSubscriptionMessage['Type'],
    overrides?: Partial<SnsSubscriptionMessage>,
  ): SnsSubscriptionMessage & { token: string };
  close(): Promise<void>;
}

export async function startFakeSns(): Promise<FakeSns> {
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const { cert } = await generate([{ name: 'commonName', value: 'sns.eu-west-1.amazonaws.com' }], {
    keyPair: { privateKey: keys.privateKey, publicKey: keys.publicKey },
    algorithm: 'sha256',
  });
  const requests: string[] = [];
  let sequence = 0;
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === CERTIFICATE_PATH) {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(cert);
    } else if (req.url?.startsWith('/?Action=ConfirmSubscription')) {
      res
        .writeHead(fake.confirmStatus, { 'content-type': 'text/xml' })
        .end('<ConfirmSubscriptionResponse><ConfirmSubscriptionResult/></ConfirmSubscriptionResponse>');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const baseUrl = `http://${host}`;
  const fake: FakeSns = {
    host,
    baseUrl,
    requests,
    confirmStatus: 200,
    message(type, overrides = {}) {
      sequence += 1;
      const token = `token-${sequence}-${'f'.repeat(40)}`;
      const unsigned: SnsSubscriptionMessage = {
        Type: type,
        MessageId: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
        Token: token,
        TopicArn: TOPIC_ARN,
        Message: `You have chosen to subscribe to the topic ${TOPIC_ARN}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
        SubscribeURL: `${baseUrl}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(TOPIC_ARN)}&Token=${token}`,
        Timestamp: new Date().toISOString(),
        SignatureVersion: '2',
        Signature: '',
        SigningCertURL: `${baseUrl}${CERTIFICATE_PATH}`,
        ...overrides,
      };
      const algorithm = unsigned.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256';
      const signature = sign(algorithm, Buffer.from(snsStringToSign(unsigned)), keys.privateKey).toString('base64');
      return { ...unsigned, Signature: overrides.Signature ?? signature, token };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}
