// The one digest evidence is written in: SHA-256, lowercase hex (raw bodies, rule files, consent changes).
import { hash } from 'node:crypto';

/** SHA-256 of a text's UTF-8 bytes, or of the bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex'); // one-shot: no Hash object per call
}
