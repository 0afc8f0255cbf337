// npm run mutation, second step: the mutation score of each folder of the decision core, from Stryker's JSON report.
// Exits 1 when a folder scores below the floor, so a run that lets mutants through fails.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_DIR } from '../test/support/corpus.ts';

const REPORT = join(REPO_DIR, 'reports', 'mutation', 'mutation.json');
const FLOOR = 80; // per cent of mutants killed

// The part of Stryker's report (mutation-testing-report-schema) that this summary reads.
interface MutationReport {
  files: Record<string, { mutants: Array<{ status: string }> }>;
}

interface Tally {
  killed: number; // killed or timed out: a test noticed
  survived: number; // survived, or no test reached it
  excluded: number; // compile or runtime errors, ignored: not counted in the score
}

const report = JSON.parse(readFileSync(REPORT, 'utf8')) as MutationReport; // Stryker wrote it: trusted shape
const folders = new Map<string, Tally>();
for (const [file, { mutants }] of Object.entries(report.files)) {
  const folder = dirname(file);
  const tally = folders.get(folder) ?? { killed: 0, survived: 0, excluded: 0 };
  for (const { status } of mutants) {
    if (status === 'Killed' || status === 'Timeout') tally.killed++;
    else if (status === 'Survived' || status === 'NoCoverage') tally.survived++;
    else tally.excluded++;
  }
  folders.set(folder, tally);
}

const score = ({ killed, survived }: Tally) => (killed + survived === 0 ? 100 : (100 * killed) / (killed + survived));
const total: Tally = { killed: 0, survived: 0, excluded: 0 };
const lines = ['folder            score  killed  survived  excluded'];
let below = 0;
for (const [folder, tally] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
  total.killed += tally.killed;
  total.survived += tally.survived;
  total.excluded += tally.excluded;
  if (score(tally) < FLOOR) below++;
  lines.push(row(folder, tally));
}
lines.push(row('total', total));
process.stdout.write(
  `\nMutation score per folder (killed / (killed + survived)), floor ${FLOOR}%:\n${lines.join('\n')}\n`,
);
if (below > 0) {
  process.stdout.write(`${below} folder(s) below ${FLOOR}%\n`);
  process.exitCode = 1;
}

function row(name: string, tally: Tally): string {
  return `${name.padEnd(16)} ${score(tally).toFixed(1).padStart(6)}% ${String(tally.killed).padStart(7)} ${String(tally.survived).padStart(9)} ${String(tally.excluded).padStart(9)}`;
}
