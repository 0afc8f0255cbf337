// Finds the opt-out terms a word may be a near-miss of with hash lookups, not a scan of the vocabulary:
// every edit the predicate accepts leaves the word and the term with a common "deletion variant" (one letter
// removed from each, two for terms of 8+ letters), or with the same squeezed form. Candidates are then
// confirmed by the predicate itself.
import { NEAR_MISS_MIN_KEYWORD, NEAR_MISS_MIN_WORD, nearMiss, type NearMissEdit } from './near-miss.ts';
import { squeeze } from './squeeze.ts';

export interface NearMissHit {
  keyword: string;
  edit: NearMissEdit;
}

const LONG_TERM = 8;
/** Words remembered per index; the memo starts over when full (words repeat a lot across messages). */
const MEMO_SIZE = 20_000;

export class NearMissIndex {
  private readonly byVariant = new Map<string, string[]>();
  private readonly bySqueeze = new Map<string, string[]>();
  private readonly order = new Map<string, number>();
  private minLength = Infinity;
  private maxLength = 0;
  private longMin = Infinity;
  private longMax = 0;
  private readonly memo = new Map<string, NearMissHit | null>();

  /** Terms shorter than 4 letters or holding anything but letters are ignored (the predicate never accepts them). */
  constructor(terms: Iterable<string>) {
    for (const term of terms) {
      if (term.length < NEAR_MISS_MIN_KEYWORD || !/^\p{L}+$/u.test(term) || this.order.has(term)) continue;
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
    if (this.memo.size >= MEMO_SIZE) this.memo.clear();
    this.memo.set(w, hit);
    return hit;
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
