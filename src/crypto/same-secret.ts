// Constant-time equality of two secrets of any length (compares their SHA-256 digests).
import { hash, timingSafeEqual } from 'node:crypto';

export function sameSecret(a: string, b: string): boolean {
  const digest = (text: string) => hash('sha256', text, 'buffer'); // one-shot, UTF-8: no Hash object per call
  return timingSafeEqual(digest(a), digest(b));
}
