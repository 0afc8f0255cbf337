// Cyrillic and Greek letters whose confusable prototype (UTS #39) is a single ASCII letter.
// Letters with no Latin twin (Cyrillic П, Greek Λ) are left alone, so Russian "СТОП" never reads as "stop".

const PAIRS: ReadonlyArray<readonly [string, string]> = [
  // Cyrillic capitals
  ['А', 'A'],
  ['В', 'B'],
  ['С', 'C'],
  ['Е', 'E'],
  ['Н', 'H'],
  ['І', 'I'],
  ['Ј', 'J'],
  ['К', 'K'],
  ['М', 'M'],
  ['О', 'O'],
  ['Р', 'P'],
  ['Ѕ', 'S'],
  ['Т', 'T'],
  ['Х', 'X'],
  ['У', 'Y'],
  ['Ү', 'Y'],
  ['Һ', 'H'],
  ['Ԛ', 'Q'],
  ['Ԝ', 'W'],
  ['Ӏ', 'I'],
  // Cyrillic small letters
  ['а', 'a'],
  ['с', 'c'],
  ['е', 'e'],
  ['і', 'i'],
  ['ј', 'j'],
  ['о', 'o'],
  ['р', 'p'],
  ['ѕ', 's'],
  ['х', 'x'],
  ['у', 'y'],
  ['ү', 'y'],
  ['һ', 'h'],
  ['ԁ', 'd'],
  ['ԛ', 'q'],
  ['ԝ', 'w'],
  ['ӏ', 'l'],
  // Greek capitals
  ['Α', 'A'],
  ['Β', 'B'],
  ['Ε', 'E'],
  ['Ζ', 'Z'],
  ['Η', 'H'],
  ['Ι', 'I'],
  ['Κ', 'K'],
  ['Μ', 'M'],
  ['Ν', 'N'],
  ['Ο', 'O'],
  ['Ρ', 'P'],
  ['Τ', 'T'],
  ['Υ', 'Y'],
  ['Χ', 'X'],
  // Greek small letters
  ['ο', 'o'],
  ['ν', 'v'],
  ['ϲ', 'c'],
  ['ϳ', 'j'],
];

export const HOMOGLYPHS: ReadonlyMap<string, string> = new Map(PAIRS);

const PATTERN = new RegExp(`[${PAIRS.map(([from]) => from).join('')}]`, 'gu');

/** Replaces every listed Cyrillic/Greek look-alike with its ASCII letter. */
export function foldHomoglyphs(text: string): string {
  return text.replace(PATTERN, (letter) => HOMOGLYPHS.get(letter) ?? letter);
}
