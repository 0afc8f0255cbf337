// Finds the opt-out terms a word may be a near-miss of with hash lookups, not a scan of the vocabulary:
// every edit the predicate accepts leaves the word and the term with a common "deletion variant" (one letter
// removed from each, two for terms of 8+ letters), or with the same squeezed form. Candidates are then
// confirmed by the predicate itself.
import {
  NEAR_MISS_MAX_KEYWORD,
  NEAR_MISS_MIN_KEYWORD,
  NEAR_MISS_MIN_WORD,
  nearMiss,
  type NearMissEdit,
} from './near-miss.ts';
import { squeeze } from './squeeze.ts';

export interface NearMissHit {
  keyword: string;
  edit: NearMissEdit;
}

const LONG_TERM = 8;
/** Words remembered per index; the memo starts over when full (words repeat a lot across messages). */
const MEMO_SIZE = 20_000;
/** Longer words are looked up without being remembered, so the memo holds at most MEMO_SIZE short words. */
const MEMO_MAX_WORD = NEAR_MISS_MAX_KEYWORD + 2;
/**
 * Deletion variants one index may hold (about 25 MB): 1,000 opt-out keywords of 12 letters take 79,000. Checked
 * before the index is built, so a rule file asking for more is refused at load instead of exhausting memory.
 */
export const MAX_NEAR_MISS_ENTRIES = 250_000;

/** The opt-out vocabulary would need a larger index than MAX_NEAR_MISS_ENTRIES allows. */
export class NearMissIndexTooLargeError extends Error {
  override name = 'NearMissIndexTooLargeError';
}

export class NearMissIndex {
  private readonly byVariant = new Map<string, string[]>();
  private readonly bySqueeze = new Map<string, string[]>();
  private readonly order = new Map<string, number>();
  private minLength = Infinity;
  private maxLength = 0;
  private longMin = Infinity;
  private longMax = 0;
  private readonly memo = new Map<string, NearMissHit | null>();
  private memoLength = 0;

  /**
   * Terms under 4 or over NEAR_MISS_MAX_KEYWORD letters, or holding anything but letters, are ignored (the
   * predicate never accepts them). Throws NearMissIndexTooLargeError, before any work, when the rest would need
   * more than MAX_NEAR_MISS_ENTRIES entries.
   */
  constructor(terms: Iterable<string>) {
    const indexed = [...new Set(terms)].filter(
      (term) => term.length >= NEAR_MISS_MIN_KEYWORD && term.length <= NEAR_MISS_MAX_KEYWORD && /^\p{L}+$/u.test(term),
    );
    const entries = indexed.reduce((sum, term) => sum + variantCount(term.length), 0);
    if (entries > MAX_NEAR_MISS_ENTRIES) {
      throw new NearMissIndexTooLargeError(
        `the opt-out keywords would need a near-miss index of ${entries.toLocaleString('en-US')} entries, more than ${MAX_NEAR_MISS_ENTRIES.toLocaleString('en-US')} entries; use fewer or shorter opt-out keywords`,
      );
    }
    for (const term of indexed) {
      this.order.set(term, this.order.size);
      this.minLength = Math.min(this.minLength, term.length);
      this.maxLength = Math.max(this.maxLength, term.length);
      if (term.length >= LONG_TERM) {
        this.longMin = Math.min(this.longMin, term.length);
        this.longMax = Math.max(this.longMax, term.length);
      }
      for (const variant of deletionVariants(term, term.length >= LONG_TERM ? 2 : 1))
        add(this.byVariant, variant, term);
      add(this.bySqueeze, squeeze(term), term);
    }
  }

  /** The first term (in vocabulary order) w is a near-miss of, with the edit; null when none. */
  find(w: string): NearMissHit | null {
    if (w.length < NEAR_MISS_MIN_WORD || this.order.size === 0) return null;
    const known = this.memo.get(w);
    if (known !== undefined) return known;
    const hit = this.search(w);
    if (w.length > MEMO_MAX_WORD) return hit;
    if (this.memo.size >= MEMO_SIZE) {
      this.memo.clear();
      this.memoLength = 0;
    }
    this.memo.set(w, hit);
    this.memoLength += w.length;
    return hit;
  }

  /** Characters of the words remembered (for tests of the memo's bound). */
  memoChars(): number {
    return this.memoLength;
  }

  private search(w: string): NearMissHit | null {
    const candidates = new Set<string>(this.bySqueeze.get(squeeze(w)) ?? []);
    const oneEdit = w.length >= this.minLength - 1 && w.length <= this.maxLength + 1;
    const twoEdits = w.length >= this.longMin - 2 && w.length <= this.longMax + 2;
    if (oneEdit || twoEdits) {
      for (const variant of deletionVariants(w, twoEdits ? 2 : 1)) {
        for (const term of this.byVariant.get(variant) ?? []) candidates.add(term);
      }
    }
    let best: NearMissHit | null = null;
    let bestOrder = Infinity;
    for (const term of candidates) {
      const edit = nearMiss(w, term);
      const rank = this.order.get(term) ?? Infinity;
      if (edit !== null && rank < bestOrder) {
        best = { keyword: term, edit };
        bestOrder = rank;
      }
    }
    return best;
  }
}

function add(map: Map<string, string[]>, key: string, term: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [term]);
  else if (!list.includes(term)) list.push(term);
}

/** How many deletion variants a term of `length` letters adds at most (one edit under 8 letters, two from 8). */
function variantCount(length: number): number {
  return length >= LONG_TERM ? 1 + length + (length * (length - 1)) / 2 : 1 + length;
}

/** The word itself and every string made by deleting up to `depth` of its letters. */
function deletionVariants(word: string, depth: number): Set<string> {
  const variants = new Set<string>([word]);
  let frontier = [word];
  for (let level = 0; level < depth; level++) {
    const next: string[] = [];
    for (const current of frontier) {
      for (let i = 0; i < current.length; i++) {
        const variant = current.slice(0, i) + current.slice(i + 1);
        if (!variants.has(variant)) {
          variants.add(variant);
          next.push(variant);
        }
      }
    }
    frontier = next;
  }
  return variants;
}
