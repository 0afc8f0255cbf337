// `npm run bench:suggest`: how many templates proposed by `optline template suggest` from the corpus payloads
// extract exactly what expected.json says (goal: 80%), with the held-out providers' score on its own line.
import { formatScore, scoreSuggestions } from './suggest-score.ts';

process.stdout.write(formatScore(scoreSuggestions()));
