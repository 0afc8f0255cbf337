import { expect } from 'chai';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../../src/config.ts';
import {
  createSecretBox,
  isSealedSecret,
  parseSecretKey,
  redact,
  SecretBoxError,
  secretBoxFromEnv,
} from '../../src/credentials/secret-box.ts';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 9);

describe('secret box', () => {
  it('opens what it sealed, for any text, and seals the same text differently each time', () => {
    const box = createSecretBox(KEY);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (secret, context) => {
        expect(box.open(box.seal(secret, context), context)).to.equal(secret);
      }),
    );
    const once = box.seal('token-123');
    expect(box.seal('token-123')).not.to.equal(once);
    expect(once).not.to.contain('token-123');
    expect(isSealedSecret(once)).to.equal(true);
    expect(isSealedSecret('token-123')).to.equal(false);
  });

  it('writes a versioned format naming the key', () => {
    const box = createSecretBox(KEY);
    const parts = box.seal('s').split(':');
    expect(parts.slice(0, 3)).to.deep.equal(['optline', 'v1', box.keyId]);
    expect(parts).to.have.length(6);
    expect(box.keyId).to.match(/^[0-9a-f]{8}$/);
  });

  it('detects tampering with any part of the sealed value', () => {
    const box = createSecretBox(KEY);
    const sealed = box.seal('a secret worth keeping');
    const parts = sealed.split(':');
    for (const index of [3, 4, 5]) {
      const part = parts[index] ?? '';
      const flipped = (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
      const tampered = parts.map((value, i) => (i === index ? flipped : value)).join(':');
      expect(() => box.open(tampered), `part ${index}`).to.throw(SecretBoxError);
    }
    expect(() => box.open(sealed.slice(0, -2))).to.throw(SecretBoxError);
    expect(() => box.open(`${sealed}:extra`)).to.throw(SecretBoxError, /not a sealed secret/);
    expect(() => box.open(sealed.replace(':v1:', ':v2:'))).to.throw(
      SecretBoxError,
      /unsupported sealed-secret version v2/,
    );
  });

  it('refuses a value sealed for another record (context)', () => {
    const box = createSecretBox(KEY);
    const sealed = box.seal('token', 'credentials:sinch-eu');
    expect(box.open(sealed, 'credentials:sinch-eu')).to.equal('token');
    expect(() => box.open(sealed, 'credentials:infobip')).to.throw(SecretBoxError, /failed authentication/);
  });

  it('refuses to open with the wrong key, naming both key ids', () => {
    const sealed = createSecretBox(OTHER_KEY).seal('token');
    const box = createSecretBox(KEY);
    const otherId = createSecretBox(OTHER_KEY).keyId;
    expect(() => box.open(sealed)).to.throw(
      SecretBoxError,
      `sealed under another key (key id ${otherId}); this process has key id ${box.keyId}`,
    );
  });

  it('refuses a forged key id too: authentication covers it', () => {
    const box = createSecretBox(KEY, { previousKeys: [OTHER_KEY] });
    const sealed = box.seal('token');
    const forged = sealed.replace(`:${box.keyId}:`, `:${createSecretBox(OTHER_KEY).keyId}:`);
    expect(() => box.open(forged)).to.throw(SecretBoxError, /failed authentication/);
  });

  it('opens values sealed under a previous key after rotation, and seals under the new one', () => {
    const old = createSecretBox(OTHER_KEY).seal('token');
    const rotated = createSecretBox(KEY, { previousKeys: [OTHER_KEY] });
    expect(rotated.open(old)).to.equal('token');
    expect(rotated.seal('token').split(':')[2]).to.equal(rotated.keyId);
  });

  describe('OPTLINE_SECRET_KEY', () => {
    const bytes = randomBytes(32);

    it('accepts 32 bytes as base64, base64url or hex, all the same key', () => {
      const ids = [
        bytes.toString('base64'),
        bytes.toString('base64url'),
        bytes.toString('hex'),
        bytes.toString('hex').toUpperCase(),
      ].map((text) => createSecretBox(parseSecretKey(text)).keyId);
      expect(new Set(ids).size).to.equal(1);
      expect(parseSecretKey(` ${bytes.toString('base64')}\n`).equals(bytes)).to.equal(true);
    });

    it('refuses a passphrase, a short key or a long one, naming the variable and how to make a key', () => {
      for (const text of [
        'correct horse battery staple',
        randomBytes(16).toString('base64'),
        randomBytes(33).toString('hex'),
      ]) {
        expect(() => parseSecretKey(text)).to.throw(
          ConfigError,
          /^OPTLINE_SECRET_KEY must be 32 random bytes.*openssl rand -base64 32$/,
        );
      }
    });

    it('is required from the environment', () => {
      expect(() => secretBoxFromEnv({})).to.throw(ConfigError, /OPTLINE_SECRET_KEY is required/);
      const box = secretBoxFromEnv({ OPTLINE_SECRET_KEY: bytes.toString('base64') });
      expect(createSecretBox(bytes).open(box.seal('x'))).to.equal('x');
    });
  });

  describe('redact', () => {
    it('never shows a short secret, and only the last 4 characters of a long one', () => {
      expect(redact('short-token')).to.equal('********');
      expect(redact('0123456789abcdefghijKLMN')).to.equal('********KLMN');
      expect(redact('')).to.equal('');
      expect(redact(null)).to.equal('');
    });
  });
});
