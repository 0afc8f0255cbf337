// Distinct-looking words of lower-case letters from a fixed seed, for tests that need many keywords.

export function randomWords(count: number, length: number, seed = 1): string[] {
  let state = seed;
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    let word = '';
    for (let j = 0; j < length; j++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      word += String.fromCharCode(97 + (Math.floor(state / 65536) % 26));
    }
    words.push(word);
  }
  return words;
}
