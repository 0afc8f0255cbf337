// The explicit near-miss predicate of the phrase spec: is the word w a plausible mistyping of the opt-out
// keyword k? Deliberately narrow: "top", "quite", "stops", "step" and "resubscribe" are not misses of
// STOP / QUIT / UNSUBSCRIBE. Callers check "w is not a keyword of another category" themselves.
import { osaDistance } from './osa-distance.ts';
import { qwertyAdjacent } from './qwerty.ts';
import { squeeze } from './squeeze.ts';

export type NearMissEdit =
  | 'repeated-letters'
  | 'transposition'
  | 'adjacent-key-substitution'
  | 'deletion'
  | 'insertion'
  | 'two-edits'
  | 'vowel-swap';

export const NEAR_MISS_MIN_KEYWORD = 4;
export const NEAR_MISS_MIN_WORD = 3;
/** Longer keywords are matched exactly only: their deletion variants would swell the index (finding 3, issue 15). */
export const NEAR_MISS_MAX_KEYWORD = 24;

const LETTERS = /^\p{L}+$/u;
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

/** The edit that makes w a near-miss of k, or null. Identical words are not a miss. */
export function nearMiss(w: string, k: string): NearMissEdit | null {
  if (
    w === k ||
    k.length < NEAR_MISS_MIN_KEYWORD ||
    k.length > NEAR_MISS_MAX_KEYWORD ||
    w.length < NEAR_MISS_MIN_WORD ||
    !LETTERS.test(w)
  )
    return null;
  if (squeeze(w) === squeeze(k)) return 'repeated-letters';
  if (w.length === k.length) {
    const edit = sameLengthEdit(w, k);
    if (edit !== null) return edit;
  } else if (w.length === k.length - 1) {
    if (isDeletionNotFirst(w, k)) return 'deletion';
  } else if (w.length === k.length + 1) {
    if (isAdjacentInsertion(w, k)) return 'insertion';
  }
  if (k.length >= 8 && w[0] === k[0] && osaDistance(w, k, 2) <= 2) return 'two-edits';
  return null;
}

function sameLengthEdit(w: string, k: string): NearMissEdit | null {
  const diffs: number[] = [];
  for (let i = 0; i < w.length && diffs.length <= 2; i++) if (w[i] !== k[i]) diffs.push(i);
  const [first, second] = diffs;
  if (first === undefined) return null;
  if (diffs.length === 2 && second === first + 1 && w[first] === k[second] && w[second] === k[first]) {
    return 'transposition';
  }
  if (diffs.length !== 1) return null;
  const typed = w[first] ?? '';
  const meant = k[first] ?? '';
  if (qwertyAdjacent(typed, meant)) return 'adjacent-key-substitution';
  if (k.length >= 5 && VOWELS.has(typed) && VOWELS.has(meant)) return 'vowel-swap';
  return null;
}

/** w is k with one letter removed, and not the first one ("stp" yes, "top" no). */
function isDeletionNotFirst(w: string, k: string): boolean {
  if (w[0] !== k[0]) return false;
  let i = 0;
  while (i < w.length && w[i] === k[i]) i++;
  return w.slice(i) === k.slice(i + 1);
}

/** w is k with one extra letter that repeats or sits next to (on the keyboard) one of its neighbours. */
function isAdjacentInsertion(w: string, k: string): boolean {
  for (let i = 0; i < w.length; i++) {
    if (w.slice(0, i) + w.slice(i + 1) !== k) continue;
    const extra = w[i] ?? '';
    for (const neighbour of [w[i - 1], w[i + 1]]) {
      if (neighbour !== undefined && (neighbour === extra || qwertyAdjacent(extra, neighbour))) return true;
    }
  }
  return false;
}
