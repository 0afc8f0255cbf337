// The Fuse.js index behind F4-phrase: finds a revocation phrase, approximately, inside a longer message. Built
// once per rule file (operators.ts memoises it on the rule value); a message only queries it.
//
// Fuse's Bitap search finds a query inside each indexed text and scores errors / query length. The message is
// the query, cut into word windows; each phrase has a Fuse index of its own, so a window is scored against one
// phrase, not the whole list. The scoring keeps what Fuse does well (typos inside a word) and adds what it lacks:
// - windows: only where a message word equals an "anchor" word of a phrase (any word but a short list of
//   function words; all its words for a phrase with fewer than two others), aligned so that word sits where it
//   sits in the phrase, of the phrase's word count. A message sharing no anchor costs one hash lookup per word.
// - word boundaries: each phrase word must be matched by the window word in its place, a word of up to 3 letters
//   as it is ("remove me" is not "remove the", "take me off" not "take me to"), a longer one within one typo per
//   four letters ("dont contact me" is not "someone contact me", however close Fuse finds the characters).
// - whole-phrase coverage: Fuse scores a window found anywhere inside the phrase as a perfect match ("wrong numbe"
//   inside "wrong number": 0.001), so the score is the larger of Fuse's and the share of the phrase's characters
//   its match left uncovered (0.083).
// - length: a window longer than its phrase by more than the threshold allows could not score under it, and
//   is not searched.
import Fuse from 'fuse.js';
import { osaDistance } from './osa-distance.ts';
import { revocationWording } from './revocation-wording.ts';

export interface PhraseHit {
  phrase: string;
  /** The message words that matched, as F4 reads them (normalised; synonyms and fillers: revocation-wording.ts). */
  words: string;
  /** 0 = the phrase as written; at most the threshold. */
  score: number;
}

/** Words of the message examined: an SMS of three segments holds about 80; revocations come early. */
export const PHRASE_TIER_MAX_WORDS = 64;
/** Windows scored per message, whatever its length and the number of phrases. */
export const PHRASE_TIER_MAX_WINDOWS = 24;

/** Too common to place a window on; a phrase made only of them anchors on all its words. */
const FUNCTION_WORDS = new Set([
  'a',
  'an',
  'and',
  'at',
  'do',
  'for',
  'from',
  'i',
  'in',
  'is',
  'it',
  'me',
  'more',
  'my',
  'no',
  'not',
  'of',
  'on',
  'the',
  'these',
  'this',
  'to',
  'up',
  'with',
  'you',
  'your',
]);
const SHORT_WORD = 3;

interface IndexedPhrase {
  /** As configured (normalised): what a hit names. */
  text: string;
  /** As F4 reads it (revocation-wording.ts): what is matched. */
  wording: string;
  words: readonly string[];
  fuse: Fuse<string>;
  longestWindow: number;
}

interface Anchor {
  phrase: number;
  position: number;
}

export class PhraseIndex {
  private readonly phrases: IndexedPhrase[] = [];
  private readonly anchors = new Map<string, Anchor[]>();

  /** Phrases are normalised already (compile-rules.ts), two words or more. */
  constructor(
    phrases: readonly string[],
    readonly threshold: number,
  ) {
    const seen = new Set<string>();
    for (const text of phrases) {
      const words = revocationWording(text.split(' '));
      const wording = words.join(' ');
      if (wording === '' || seen.has(wording)) continue; // "please" alone; "dont message me" once "dont text me"
      seen.add(wording);
      const phrase = this.phrases.length;
      this.phrases.push({
        text,
        wording,
        words,
        fuse: new Fuse([wording], {
          includeScore: true,
          includeMatches: true,
          ignoreLocation: true,
          ignoreFieldNorm: true,
          isCaseSensitive: true,
          shouldSort: false,
          threshold,
        }),
        longestWindow: Math.ceil(wording.length * (1 + threshold)) + 1,
      });
      const content = words.filter((word) => !FUNCTION_WORDS.has(word));
      words.forEach((word, position) => {
        if (content.length > 1 && FUNCTION_WORDS.has(word)) return;
        const list = this.anchors.get(word);
        if (list === undefined) this.anchors.set(word, [{ phrase, position }]);
        else list.push({ phrase, position });
      });
    }
  }

  /** The best-scoring phrase found in the message's first words, or null. */
  find(message: readonly string[]): PhraseHit | null {
    const tokens = revocationWording(
      message.length > PHRASE_TIER_MAX_WORDS ? message.slice(0, PHRASE_TIER_MAX_WORDS) : message,
    );
    const limit = Math.min(tokens.length, PHRASE_TIER_MAX_WORDS);
    let tried: Set<number> | null = null; // most messages share no anchor: no allocation for them
    let best: PhraseHit | null = null;
    for (let i = 0; i < limit; i++) {
      const anchors = this.anchors.get(tokens[i] ?? '');
      if (anchors === undefined) continue;
      for (const { phrase, position } of anchors) {
        const entry = this.phrases[phrase];
        const start = i - position;
        if (entry === undefined || start < 0 || start + entry.words.length > limit) continue;
        const key = start * this.phrases.length + phrase;
        tried ??= new Set<number>();
        if (tried.has(key)) continue;
        if (tried.size >= PHRASE_TIER_MAX_WINDOWS) return best;
        tried.add(key);
        const hit = this.score(entry, tokens, start);
        // Of equal scores the longer phrase names the hit: "dont text this number", not "dont text".
        if (
          hit !== null &&
          (best === null || hit.score < best.score || (hit.score === best.score && isLonger(hit, best)))
        ) {
          best = hit;
        }
      }
    }
    return best;
  }

  private score(entry: IndexedPhrase, tokens: readonly string[], start: number): PhraseHit | null {
    const window = tokens.slice(start, start + entry.words.length);
    for (const [k, word] of entry.words.entries()) {
      const typos = word.length <= SHORT_WORD ? 0 : Math.floor(word.length / 4);
      const typed = window[k] ?? '';
      if (typed !== word && (typos === 0 || osaDistance(typed, word, typos) > typos)) return null;
    }
    const words = window.join(' ');
    if (words.length > entry.longestWindow) return null;
    if (isAskedAbout(tokens, start) || isAboutAThing(tokens, start + window.length)) return null;
    const [result] = entry.fuse.search(words);
    if (result === undefined) return null;
    let covered = 0;
    for (const [from, to] of result.matches?.[0]?.indices ?? []) covered += to - from + 1;
    const score = Math.max(result.score ?? 1, 1 - covered / entry.wording.length);
    return score <= this.threshold ? { phrase: entry.text, words, score: Math.round(score * 1000) / 1000 } : null;
  }
}

/** In words: of two phrases of as many words, the one found first (earlier in the message) names the hit. */
function isLonger(hit: PhraseHit, than: PhraseHit): boolean {
  return hit.words.split(' ').length > than.words.split(' ').length;
}

/** Opens a yes/no question: "is this ...", "did i ...". */
const AUXILIARIES = new Set(['is', 'are', 'am', 'was', 'were', 'do', 'does', 'did', 'have', 'has', 'can', 'could']);
const PRONOUNS = new Set(['i', 'you', 'this', 'it', 'that', 'there', 'we', 'he', 'she', 'they']);

/**
 * A phrase used as a noun after "the" or "a", in a message that asks about it ("is this the wrong number for
 * support", "did i give you the wrong number") or says the sender's own doing ("i entered the wrong number"), is
 * talked about, not said to the sender: "you have the wrong number", "this is the wrong number" and "im on the do
 * not call list" are said.
 */
function isAskedAbout(tokens: readonly string[], start: number): boolean {
  const article = tokens[start - 1];
  if (article !== 'the' && article !== 'a') return false;
  if (AUXILIARIES.has(tokens[0] ?? '') && ['i', 'this', 'it', 'that', 'there'].includes(tokens[1] ?? '')) return true;
  for (let i = start - 2; i >= 0; i--) {
    const word = tokens[i] ?? '';
    if (PRONOUNS.has(word)) return word === 'i' && tokens[i + 1] !== 'am'; // "i am on the do not call list" is said
  }
  return false;
}

/** What the messages are about, once revocation-wording.ts has read the message. */
const TAKES_AN_OBJECT = new Set(['me', 'text', 'send']);
const CONTACT_NOUNS = new Set(['texts', 'texting', 'list', 'lists', 'number', 'numbers', 'spam']);

/**
 * A phrase narrowed by "the" / "a" (or "in the", "of the") to something other than the messages is about that
 * thing: "not interested in the blue one", "i want out of the blue plan", "dont send me the invoice"; "not
 * interested in the texts" is said.
 */
function isAboutAThing(tokens: readonly string[], phraseEnd: number): boolean {
  // "dont text" + "me the code" reads as "dont text me" + "the code".
  const end = tokens[phraseEnd] === 'me' && tokens[phraseEnd - 1] !== 'me' ? phraseEnd + 1 : phraseEnd;
  // The bare article only after a word whose object follows ("send me the invoice", "dont text the driver"):
  // "leave me alone. the end" is two sentences.
  const preposition = tokens[end] === 'in' || tokens[end] === 'of';
  if (!preposition && !TAKES_AN_OBJECT.has(tokens[end - 1] ?? '')) return false;
  const next = preposition ? end + 1 : end;
  if (tokens[next] !== 'the' && tokens[next] !== 'a') return false;
  return !tokens.slice(next + 1, next + 3).some((word) => CONTACT_NOUNS.has(word));
}
