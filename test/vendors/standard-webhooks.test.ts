// Standard Webhooks against the shared vectors (the specification's own example and cases derived from it).
import { expect } from 'chai';
import type { CallbackCheck } from '../../src/vendors/callback-verifier.ts';
import { standardWebhooksVerifier } from '../../src/vendors/standard-webhooks/standard-webhooks-signature.ts';
import { readCorpusJson } from '../support/corpus.ts';

interface Vector {
  name: string;
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
  body: string;
  now: number;
  valid: boolean;
}

const vectors = readCorpusJson<{ secret: string; cases: Vector[] }>(
  'payloads',
  'signing',
  'standard-webhooks-vectors.json',
);

function prepared(secret: string): CallbackCheck {
  const check = standardWebhooksVerifier.prepare({ secretEnv: 'UNUSED' }, secret);
  if (typeof check === 'string') throw new Error(check);
  return check;
}

describe('Standard Webhooks signatures', () => {
  const check = prepared(vectors.secret);
  for (const vector of vectors.cases) {
    it(`${vector.valid ? 'accepts' : 'refuses'} ${vector.name}`, () => {
      const verdict = check({
        rawBody: Buffer.from(vector.body),
        headers: {
          'webhook-id': vector['webhook-id'],
          'webhook-timestamp': vector['webhook-timestamp'],
          'webhook-signature': vector['webhook-signature'],
        },
        nowMs: vector.now * 1000,
        url: 'http://unused',
      });
      const stale = vector.name.startsWith('timestamp');
      expect(verdict).to.deep.equal(
        vector.valid
          ? { ok: true, nonce: vector['webhook-id'] }
          : { ok: false, reason: stale ? 'timestamp outside the window' : 'signature mismatch' },
      );
    });
  }

  it('refuses a secret that is not base64 after whsec_ when the webhook is built, not per callback', () => {
    expect(standardWebhooksVerifier.prepare({ secretEnv: 'UNUSED' }, 'whsec_')).to.be.a('string');
  });
});
