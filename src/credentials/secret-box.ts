// Secrets at rest: AES-256-GCM under a key from OPTLINE_SECRET_KEY.
//
// The key must be 32 random bytes written as base64 (or base64url) or as 64 hex digits; generate one with
// `openssl rand -base64 32`. Passphrases are refused rather than stretched: a fixed-salt KDF over a human
// passphrase would be the weakest link, and a strict format catches a truncated or mistyped variable at start.
//
// Sealed format (ASCII, one line): optline:v1:<keyId>:<iv>:<ciphertext>:<tag>
//   keyId: first 8 hex digits of SHA-256(key), so a value sealed under another key is refused by name;
//   iv: 12 random bytes; ciphertext and tag (16 bytes): base64url.
// The additional authenticated data is the header `optline:v1:<keyId>` plus an optional context (e.g. the
// credentials' name), so a sealed secret copied onto another record does not open there.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ConfigError } from '../config.ts';

export const SECRET_KEY_VARIABLE = 'OPTLINE_SECRET_KEY';
const PREFIX = 'optline';
const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

export interface SecretBox {
  /** Fingerprint of the current key (not secret): the first 8 hex digits of its SHA-256. */
  readonly keyId: string;
  seal(plaintext: string, context?: string): string;
  /** Throws SecretBoxError on a malformed value, an unknown key, or any tampering. */
  open(sealed: string, context?: string): string;
}

/** Reads a 32-byte key written as base64, base64url or hex; throws ConfigError naming the variable otherwise. */
export function parseSecretKey(text: string, variable = SECRET_KEY_VARIABLE): Buffer {
  const value = text.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value))
    key = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
  if (!key || key.length !== KEY_BYTES) {
    throw new ConfigError(
      `${variable} must be 32 random bytes as base64 or 64 hex digits (got ${value.length} characters); ` +
        'generate one with: openssl rand -base64 32',
    );
  }
  return key;
}

export function secretBoxFromEnv(env: NodeJS.ProcessEnv = process.env): SecretBox {
  const text = env[SECRET_KEY_VARIABLE]?.trim();
  if (!text) throw new ConfigError(`${SECRET_KEY_VARIABLE} is required to encrypt API credentials at rest`);
  return createSecretBox(parseSecretKey(text));
}

/** `previousKeys` still open values sealed before a key rotation; new values are always sealed under `key`. */
export function createSecretBox(key: Uint8Array, options: { previousKeys?: Uint8Array[] } = {}): SecretBox {
  const keys = new Map<string, Buffer>();
  const current = Buffer.from(key);
  for (const candidate of [current, ...(options.previousKeys ?? []).map((k) => Buffer.from(k))]) {
    if (candidate.length !== KEY_BYTES)
      throw new SecretBoxError(`a secret-box key must be ${KEY_BYTES} bytes, got ${candidate.length}`);
    keys.set(fingerprint(candidate), candidate);
  }
  const keyId = fingerprint(current);

  return {
    keyId,
    seal(plaintext, context = '') {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(additionalData(keyId, context));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, ciphertext, cipher.getAuthTag()].map((bytes) => bytes.toString('base64url'));
      return [PREFIX, VERSION, keyId, ...parts].join(':');
    },
    open(sealed, context = '') {
      const parts = sealed.split(':');
      const [prefix, version, sealedKeyId, ivText, ciphertextText, tagText] = parts;
      if (parts.length !== 6 || prefix !== PREFIX || sealedKeyId === undefined) {
        throw new SecretBoxError('not a sealed secret (expected optline:v1:...)');
      }
      if (version !== VERSION) throw new SecretBoxError(`unsupported sealed-secret version ${version ?? ''}`);
      const openKey = keys.get(sealedKeyId);
      if (!openKey) {
        throw new SecretBoxError(`sealed under another key (key id ${sealedKeyId}); this process has key id ${keyId}`);
      }
      const iv = base64url(ivText);
      const tag = base64url(tagText);
      const ciphertext = base64url(ciphertextText);
      if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !ciphertext) {
        throw new SecretBoxError('malformed sealed secret');
      }
      const decipher = createDecipheriv('aes-256-gcm', openKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(sealedKeyId, context));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError(
          'sealed secret failed authentication: tampered with, or opened with the wrong context',
        );
      }
    },
  };
}

export function isSealedSecret(value: string): boolean {
  return value.startsWith(`${PREFIX}:`);
}

/** A secret as the API may show it: never the value, at most its last 4 characters when it is long. */
export function redact(secret: string | null | undefined): string {
  if (!secret) return '';
  return secret.length >= 24 ? `********${secret.slice(-4)}` : '********';
}

function fingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function additionalData(keyId: string, context: string): Buffer {
  return Buffer.from(`${PREFIX}:${VERSION}:${keyId}\n${context}`, 'utf8');
}

function base64url(text: string | undefined): Buffer | null {
  if (text === undefined || !/^[A-Za-z0-9_-]*$/.test(text)) return null;
  return Buffer.from(text, 'base64url');
}
