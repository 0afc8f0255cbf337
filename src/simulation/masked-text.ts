// A message text as a simulation report shows it by default: never the text, only its length and the kind of
// its first and last characters, so a report can be pasted into a ticket or a review.

const CLASSES: ReadonlyArray<[RegExp, string]> = [
  [/\p{L}/u, 'letter'],
  [/\p{N}/u, 'digit'],
  [/\s/u, 'space'],
  [/\p{P}/u, 'punctuation'],
  [/\p{Extended_Pictographic}/u, 'emoji'],
];

export const MASK = '•••';

export function maskText(text: string): string {
  const characters = [...text];
  const first = characters[0];
  const last = characters.at(-1);
  if (first === undefined || last === undefined) return MASK;
  return `${MASK} ${characters.length} chars, ${classOf(first)}…${classOf(last)}`;
}

function classOf(character: string): string {
  return CLASSES.find(([pattern]) => pattern.test(character))?.[1] ?? 'symbol';
}
