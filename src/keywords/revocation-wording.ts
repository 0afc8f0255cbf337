// How F4 reads a message before it looks for a revocation phrase: the same request said with other words becomes
// one wording, so one phrase covers a family ("dont text me" covers "don't message me", "do not contact me",
// "don't call us"). Applied alike to the phrases (when the index is built) and to the message's words.
// - synonyms: the ways to reach someone (message, contact, call, email, sms ...) are "text", their plurals "texts",
//   their -ing and -ed forms "texting" and "texted"; "u" is "you", "us" is "me"; the determiners of the messages
//   (your, ur, those, any) are "these", so "dont want these texts" covers "dont want your messages".
// - fillers: politeness, intensifiers and swearing that people put inside a request ("please just leave me the
//   hell alone") are dropped, so they do not break the phrase apart.
// Only whole words are mapped: typos are the phrase index's business.

const SYNONYMS = new Map<string, string>([
  ['message', 'text'],
  ['msg', 'text'],
  ['sms', 'text'],
  ['contact', 'text'],
  ['call', 'text'],
  ['email', 'text'],
  ['messages', 'texts'],
  ['msgs', 'texts'],
  ['txts', 'texts'],
  ['calls', 'texts'],
  ['emails', 'texts'],
  ['alerts', 'texts'],
  ['notifications', 'texts'],
  ['offers', 'texts'],
  ['promotions', 'texts'],
  ['messaging', 'texting'],
  ['contacting', 'texting'],
  ['calling', 'texting'],
  ['emailing', 'texting'],
  ['txting', 'texting'],
  ['spamming', 'texting'],
  ['messaged', 'texted'],
  ['contacted', 'texted'],
  ['called', 'texted'],
  ['emailed', 'texted'],
  ['spammed', 'texted'],
  ['u', 'you'],
  ['ya', 'you'],
  ['your', 'these'],
  ['ur', 'these'],
  ['yr', 'these'],
  ['those', 'these'],
  ['any', 'these'],
  ['us', 'me'],
  ['cuz', 'because'],
  ['signed', 'sign'],
  ['subscribed', 'subscribe'],
]);

/** Dropped wherever they stand; "the hell" and its like only as a pair. */
const FILLERS = new Set([
  'please',
  'pls',
  'plz',
  'pleaseee',
  'just',
  'ever',
  'kindly',
  'fucking',
  'freaking',
  'frigging',
  'effing',
  'damn',
  'goddamn',
  'bloody',
  'really',
  'seriously',
  'already',
  'again',
  'anymore',
  'now',
]);
const FILLER_PAIRS = new Set(['the hell', 'the heck', 'the fuck']);

/** The message's words as F4 reads them; the input array itself when nothing changes (most messages). */
export function revocationWording(tokens: readonly string[]): readonly string[] {
  let changed = false;
  for (const token of tokens) {
    if (SYNONYMS.has(token) || FILLERS.has(token) || token === 'the') {
      changed = true;
      break;
    }
  }
  if (!changed) return tokens;
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (FILLERS.has(token)) continue;
    if (token === 'the' && FILLER_PAIRS.has(`the ${tokens[i + 1] ?? ''}`)) {
      i++;
      continue;
    }
    words.push(SYNONYMS.get(token) ?? token);
  }
  return words;
}
