import { expect } from 'chai';
import { verifySinchSignature } from '../../../src/vendors/sinch/sinch-signature.ts';
import { readCorpusJson } from '../../support/corpus.ts';

interface Vector {
  name: string;
  rawBody: string;
  secret: string;
  headers: Record<string, string>;
  expectValid: boolean;
}

const { vectors } = readCorpusJson<{ vectors: Vector[] }>('payloads', 'signing', 'sinch-signature-vectors.json');

describe('Sinch callback signature', () => {
  for (const vector of vectors) {
    it(`${vector.expectValid ? 'accepts' : 'refuses'} the vector ${vector.name}`, () => {
      const at = Number(vector.headers['x-sinch-webhook-signature-timestamp']) * 1000;
      const verdict = verifySinchSignature(Buffer.from(vector.rawBody, 'utf8'), vector.headers, vector.secret, at);
      expect(verdict.ok).to.equal(vector.expectValid);
    });
  }

  const valid = vectors.find((vector) => vector.expectValid)!;
  const signedAt = Number(valid.headers['x-sinch-webhook-signature-timestamp']) * 1000;

  it('refuses a correctly signed body outside the 300 s window, either side', () => {
    const body = Buffer.from(valid.rawBody, 'utf8');
    expect(verifySinchSignature(body, valid.headers, valid.secret, signedAt + 301_000)).to.deep.include({ ok: false });
    expect(verifySinchSignature(body, valid.headers, valid.secret, signedAt - 301_000)).to.deep.include({ ok: false });
    expect(verifySinchSignature(body, valid.headers, valid.secret, signedAt + 299_000).ok).to.equal(true);
  });

  it('refuses the right signature under another secret, and missing headers', () => {
    const body = Buffer.from(valid.rawBody, 'utf8');
    expect(verifySinchSignature(body, valid.headers, 'another secret', signedAt).ok).to.equal(false);
    const { ['x-sinch-webhook-signature-nonce']: _nonce, ...withoutNonce } = valid.headers;
    expect(verifySinchSignature(body, withoutNonce, valid.secret, signedAt)).to.deep.equal({
      ok: false,
      reason: 'signature headers missing',
    });
  });
});
