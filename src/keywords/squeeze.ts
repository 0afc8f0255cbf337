// Collapses runs of one repeated letter: "noooo" -> "no", "stopppp" -> "stop".

export function squeeze(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    if (i === 0 || word[i] !== word[i - 1]) out += word[i];
  }
  return out;
}
