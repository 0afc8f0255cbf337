// npm run bench:startup -- how long the service takes from spawn to its first /readyz 200, and its resident memory
// then, for the compiled service (dist/, what `npm start` runs) and, as the baseline measured in the same run, the
// same sources run through tsx; then the CLI's `check` of the example rules, compiled and through tsx. Runs
// alternate between the two paths so a busy neighbour touches both alike; medians over BENCH_RUNS (default 7).
// Goals on the reference machine (2 cores): first answer < 1.5 s, < 100 MB RSS; `optline check rules` < 1 s.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_DIR } from '../test/support/corpus.ts';
import { freePort, START_ARGS } from '../test/support/service-process.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const DEADLINE_MS = 60_000;

interface Path {
  name: string;
  service: string[];
  cli: string[];
}

const PATHS: Path[] = [
  {
    name: 'compiled (dist/)',
    service: [...START_ARGS],
    cli: [join(REPO_DIR, 'bin', 'optline.js')],
  },
  {
    name: 'tsx (baseline)',
    service: ['--import', 'tsx', join(REPO_DIR, 'src', 'main.ts')],
    cli: ['--import', 'tsx', join(REPO_DIR, 'src', 'cli.ts')],
  },
];

/** Milliseconds from spawn to the first 200 of /readyz, and the child's RSS (MB) at that moment. */
async function startOnce(args: string[]): Promise<{ ms: number; rssMb: number }> {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'optline-bench-startup-'));
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: REPO_DIR,
    env: {
      ...process.env,
      MONGODB_URI: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      OPTLINE_DATA: data,
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
      if (performance.now() - started > DEADLINE_MS) throw new Error('the service did not answer /readyz in time');
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const ms = performance.now() - started;
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return { ms, rssMb: rssKb / 1024 };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    rmSync(data, { recursive: true, force: true });
  }
}

function checkOnce(args: string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [...args, 'check', join(REPO_DIR, 'rules')], {
    cwd: REPO_DIR,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`optline check failed:\n${run.stderr}`);
  return performance.now() - started;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const range = (values: number[], digits = 0) =>
  `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;

const figures = new Map(
  PATHS.map((path) => [path.name, { ms: [] as number[], rss: [] as number[], check: [] as number[] }]),
);
for (let run = 0; run < RUNS; run++) {
  for (const path of PATHS) {
    const entry = figures.get(path.name)!;
    const start = await startOnce(path.service);
    entry.ms.push(start.ms);
    entry.rss.push(start.rssMb);
    entry.check.push(checkOnce(path.cli));
  }
}

process.stdout.write(`Start-up, ${RUNS} runs per path (median, range)\n`);
process.stdout.write(
  `${'path'.padEnd(18)} ${'first /readyz 200 (ms)'.padEnd(26)} ${'RSS then (MB)'.padEnd(20)} optline check rules (ms)\n`,
);
for (const path of PATHS) {
  const { ms, rss, check } = figures.get(path.name)!;
  process.stdout.write(
    `${path.name.padEnd(18)} ${`${median(ms).toFixed(0)} (${range(ms)})`.padEnd(26)} ${`${median(rss).toFixed(1)} (${range(rss, 1)})`.padEnd(20)} ${median(check).toFixed(0)} (${range(check)})\n`,
  );
}
const [compiled, baseline] = PATHS.map((path) => figures.get(path.name)!);
process.stdout.write(
  `compiled / tsx: start ${(median(compiled!.ms) / median(baseline!.ms)).toFixed(2)}, RSS ${(median(compiled!.rss) / median(baseline!.rss)).toFixed(2)}, check ${(median(compiled!.check) / median(baseline!.check)).toFixed(2)}\n` +
    'goals: start < 1500 ms, RSS < 100 MB, check < 1000 ms (compiled)\n',
);
