// The revocation phrases of the fuzzy opt-out's fourth tier (F4): revocations said in people's own words, with
// no opt-out keyword in them. The default list is English and curated, not learned: families of what people write
// to revoke consent (the FCC's "any reasonable means": take me off, do not contact me, never signed up, wrong
// number, spam, go away), each said with "do not" and "dont"; synonyms and fillers are revocation-wording.ts's.
// Developed on the tuning half of test/corpus/phrases/revocations.json and on test/fixtures/revocations/dev-set.json;
// bench/classify.bench.ts also reports the corpus's held-out half, which no phrase was written from.
import { normalizeText } from './normalize.ts';

export const DEFAULT_REVOCATION_PHRASES: readonly string[] = [
  // Take me off: remove / delete / lose me or my number, off a list.
  'leave me alone',
  'take me off',
  'take my number off',
  'get me off',
  'off your list',
  'off this list',
  'from your list',
  'from this list',
  'from your mailing list',
  'out of your list',
  'remove me',
  'remove my number',
  'delete me',
  'delete my number',
  'delete this number',
  'remove this number',
  'lose this number',
  'forget my number',
  'erase my number',
  'lose my number',
  'opt me out',
  'count me out',
  'i want out',
  // Do not contact me: "text" stands for message, contact, call, email (revocation-wording.ts).
  'dont text me',
  'do not text me',
  'dont text',
  'do not text',
  'never text me',
  'dont text this number',
  'do not text this number',
  'quit texting me',
  'keep texting me',
  'dont send me',
  'do not send me',
  'dont want these texts',
  'do not want these texts',
  'dont want any more texts',
  'dont want to receive',
  'do not want to receive',
  'dont want to be texted',
  'do not want to be texted',
  'no more texts',
  'no longer want',
  'no longer wish',
  'no longer interested',
  'no more of these',
  'dont bother me',
  'harassing me',
  'do not call list',
  'do not call registry',
  'do not consent',
  'dont consent',
  'done with these texts',
  // Never agreed to it.
  'never signed up',
  'didnt sign up',
  'did not sign up',
  'didnt subscribe',
  'did not subscribe',
  'never subscribed',
  'never gave you permission',
  'didnt give you permission',
  // Not me, or not wanted: wrong number, spam, go away.
  'wrong number',
  'wrong person',
  'how did you get my number',
  'where did you get my number',
  'who gave you my number',
  'how did you get this number',
  'where did you get this number',
  'no one by that name',
  'nobody by that name',
  'dont know you',
  'leave me be',
  'this is spam',
  'reported as spam',
  'reporting this number',
  'report this number',
  'reporting you',
  'report you to',
  'not interested',
  'go away',
  'get lost',
  'fuck off',
  'piss off',
  'f off',
  'cease and desist',
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
