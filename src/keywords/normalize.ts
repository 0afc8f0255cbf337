// N(text) from the phrase corpus spec: NFKC, drop format characters, fold homoglyphs, lower-case, strip
// diacritics, drop apostrophes, then every run of non-letters/non-digits becomes one space.
import { foldHomoglyphs } from './homoglyphs.ts';

export interface NormalizedText {
  /** Tokens joined by single spaces; '' when nothing is left. */
  normalized: string;
  tokens: string[];
  /** Tokens joined without spaces ("s t o p" -> "stop"). */
  compact: string;
}

/**
 * The matcher looks at this many characters of a text at most: 1,600 is the longest SMS most providers deliver
 * (ten concatenated segments), and a longer text would only cost time and memory (issue 15, finding 4).
 */
export const MAX_CLASSIFIED_CHARS = 1_600;

const PLAIN_ASCII = /^[\x20-\x7e]*$/;
const FORMAT_CHARS = /\p{Cf}/gu;
const MARKS = /\p{M}/gu;
const APOSTROPHES = /['’‘ʼ`]/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;
const ASCII_SEPARATORS = /[^a-z0-9]+/g;

export function normalizeText(text: string): string {
  if (PLAIN_ASCII.test(text)) {
    // Printable ASCII: NFKC, format characters, homoglyphs and diacritics cannot occur.
    return text.toLowerCase().replace(/['`]/g, '').replace(ASCII_SEPARATORS, ' ').trim();
  }
  let value = text.normalize('NFKC').replace(FORMAT_CHARS, '');
  value = foldHomoglyphs(value).toLowerCase();
  value = value.normalize('NFD').replace(MARKS, '').normalize('NFC');
  return value.replace(APOSTROPHES, '').replace(SEPARATORS, ' ').trim();
}

export function normalize(text: string): NormalizedText {
  const normalized = normalizeText(text.length > MAX_CLASSIFIED_CHARS ? text.slice(0, MAX_CLASSIFIED_CHARS) : text);
  const tokens = normalized === '' ? [] : normalized.split(' ');
  return { normalized, tokens, compact: tokens.join('') };
}
