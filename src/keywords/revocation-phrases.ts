// The revocation phrases of the fuzzy opt-out's fourth tier (F4): revocations said in people's own words, with
// no opt-out keyword in them. The default list is English and curated, not learned: the seven phrases, the
// same sayings written with "do not" / "did not" or with "message" for "text" (one word in SMS), and what
// the tuning half of test/corpus/phrases/revocations.json says (bench/classify.bench.ts reports the other half).
import { normalizeText } from './normalize.ts';

export const DEFAULT_REVOCATION_PHRASES: readonly string[] = [
  'leave me alone',
  'take me off',
  'remove me',
  'remove my number',
  'delete my number',
  'wrong number',
  'wrong person',
  'dont text me',
  'do not text me',
  'dont message me',
  'do not message me',
  'dont contact me',
  'do not contact me',
  'dont want these messages',
  'dont want these texts',
  'no more texts',
  'no more messages',
  'never signed up',
  'didnt sign up',
  'did not sign up',
  'not interested',
  'i want out',
  'go away',
];

/**
 * The highest score (0 = the phrase as written, 1 = nothing alike) that still flags a message. Tuned on the tuning
 * half of the development set and on typos of the default phrases: a typo costs up to 0.23 ("remvoe me"), while
 * benign word swaps score from 0.33 ("right number", "order number", "go ahead").
 */
export const DEFAULT_PHRASE_THRESHOLD = 0.3;

export const MAX_PHRASES = 200;
export const MAX_PHRASE_LENGTH = 64;
export const MIN_PHRASE_WORDS = 2;
export const MAX_PHRASE_WORDS = 6;

export interface PhraseProblem {
  index: number;
  message: string;
}

/** What is wrong with each configured phrase once normalised (the schema already bounds count and length). */
export function findPhraseProblems(phrases: readonly string[]): PhraseProblem[] {
  const problems: PhraseProblem[] = [];
  const seen = new Map<string, number>();
  phrases.forEach((phrase, index) => {
    const normalized = normalizeText(phrase);
    const words = normalized === '' ? 0 : normalized.split(' ').length;
    if (words < MIN_PHRASE_WORDS || words > MAX_PHRASE_WORDS) {
      const single = words < MIN_PHRASE_WORDS ? ': a single word belongs in the opt-out keywords' : '';
      problems.push({
        index,
        message: `revocation phrase "${phrase}" has ${words} word(s) once normalised; a phrase has ${MIN_PHRASE_WORDS} to ${MAX_PHRASE_WORDS}${single}`,
      });
      return;
    }
    const first = seen.get(normalized);
    if (first !== undefined) {
      problems.push({ index, message: `revocation phrase "${phrase}" repeats phrase ${first} once normalised` });
      return;
    }
    seen.set(normalized, index);
  });
  return problems;
}
