// npm run bench:ingest -- drives Optline (embedded store, durable) and a bare Express 5 endpoint with autocannon
// on loopback in the same run, in alternating slices, and prints req/s, p50, p99 and the ratio per round and
// their median (at 16 and at 64 connections), then p99 at a fixed rate beside bare Express's at the same rate, and
// the service's peak RSS under load.
// With MONGODB_URI set, the same on the MongoDB path (FerretDB in CI is not a performance reference).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_DIR } from '../test/support/corpus.ts';
import { freePort, startServiceProcess } from '../test/support/service-process.ts';
import { FIXTURE_ENV, FIXTURE_RULES_DIR } from '../test/support/service.ts';
import { sinch } from '../test/support/callbacks.ts';

/** Seconds per slice: the two endpoints are driven in alternating slices, the ratio taken per pair. */
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTION_COUNTS = (process.env.BENCH_CONNECTIONS ?? '16,64').split(',').map(Number);
const CONNECTIONS = CONNECTION_COUNTS[0] ?? 16;
const MONGODB_URI = process.env.MONGODB_URI?.trim();
/** Also the ratio to a bare endpoint that stores each body durably (bench/bare-durable-server.ts). */
const DURABLE_BASELINE = process.env.BENCH_DURABLE_BASELINE === '1';
const FIXED_RATE = 1000;
const TEXTS = ['STOP', 'HELP', 'YES', 'hello there', 'JOIN', 'stpo', 'Promo'];

let counter = 0;
function nextBody(): string {
  const n = counter++;
  return JSON.stringify(
    sinch.inbound({
      requestId: `bench-${process.pid}-${n}`,
      from: `+1202${String(5_000_000 + (n % 1_000_000)).padStart(7, '0')}`,
      to: '+15550100',
      text: TEXTS[n % TEXTS.length]!,
      at: new Date(),
    }),
  );
}

interface Figures {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function drive(
  url: string,
  options: { connections: number; overallRate?: number; seconds?: number },
): Promise<Figures> {
  const result = await autocannon({
    url,
    method: 'POST',
    duration: options.seconds ?? DURATION_S,
    connections: options.connections,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: nextBody() }) }],
  });
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function row(name: string, figures: Figures): string {
  return `${name.padEnd(34)} ${figures.rps.toFixed(0).padStart(8)} req/s   p50 ${String(figures.p50).padStart(4)} ms   p99 ${String(figures.p99).padStart(4)} ms   (${figures.requests} requests, ${figures.non2xx} non-2xx, ${figures.errors} errors)`;
}

async function startBare(script = 'bare-express-server.ts'): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_DIR, 'bench', script)], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
  return { url: `http://127.0.0.1:${port}/webhooks/bare/secret`, stop: () => child.kill('SIGTERM') };
}

/** The peak resident set size of a process while `work` runs, sampled from /proc (null where there is none). */
async function peakRss<T>(pid: number | undefined, work: Promise<T>): Promise<{ result: T; peakMb: number | null }> {
  let peak: number | null = null;
  const sample = () => {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (kb !== undefined) peak = Math.max(peak ?? 0, Number(kb) / 1024);
    } catch {
      // not Linux, or the process is gone
    }
  };
  const timer = setInterval(sample, 200);
  try {
    const result = await work;
    sample();
    return { result, peakMb: peak };
  } finally {
    clearInterval(timer);
  }
}

/** What a ratio is taken against: how its rows and summary name it, and the goal the summary quotes. */
interface Baseline {
  row: string;
  summary: string;
  goal: string;
}
const BARE: Baseline = { row: 'bare Express 5 (parse JSON, 200)', summary: 'bare', goal: '; goal >= 0.6' };
const DURABLE_BARE: Baseline = {
  row: 'bare Express 5 (parse, store durably, 200)',
  summary: 'durable bare',
  goal: '; no goal: informative',
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;

/** Alternating slices of bare and Optline at `connections`; prints each round and returns the summary line. */
async function alternate(
  label: string,
  bareUrl: string,
  url: string,
  pid: number | undefined,
  connections: number,
  rounds: number,
  baseline: Baseline = BARE,
): Promise<string> {
  await drive(bareUrl, { connections, seconds: 2 });
  await drive(url, { connections, seconds: 2 });
  const results: Array<{ bare: Figures; optline: Figures; ratio: number }> = [];
  let peakMb: number | null = null;
  for (let round = 1; round <= rounds; round++) {
    const bareFigures = await drive(bareUrl, { connections });
    const measured = await peakRss(pid, drive(url, { connections }));
    peakMb = measured.peakMb === null ? peakMb : Math.max(peakMb ?? 0, measured.peakMb);
    const ratio = measured.result.rps / bareFigures.rps;
    results.push({ bare: bareFigures, optline: measured.result, ratio });
    process.stdout.write(
      `${label}, ${connections} connections, round ${round}\n  ${row(baseline.row, bareFigures)}\n  ${row(label, measured.result)}\n  ratio ${ratio.toFixed(2)}\n`,
    );
  }
  const ratios = results.map((result) => result.ratio);
  const worstP99 = Math.max(...results.map((result) => result.optline.p99));
  return `${label} at ${connections} connections: ${baseline.summary} median ${median(results.map((r) => r.bare.rps)).toFixed(0)} req/s, Optline median ${median(results.map((r) => r.optline.rps)).toFixed(0)} req/s; ratio median ${median(ratios).toFixed(2)} (rounds ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}${baseline.goal}); p99 worst ${worstP99} ms; peak RSS ${peakMb === null ? 'n/a' : `${peakMb.toFixed(0)} MB`} (goal <= 150)`;
}

/**
 * p99 at a fixed rate, in alternating slices with bare Express at the same rate: autocannon sends a fixed rate
 * in bursts, so bare Express's own p99 on this machine is the floor that Optline's is read against.
 */
async function fixedRate(bareUrl: string, url: string, pid: number | undefined): Promise<string> {
  const rounds = 3;
  const bareP99: number[] = [];
  const optlineP99: number[] = [];
  let peakMb: number | null = null;
  for (let round = 1; round <= rounds; round++) {
    const bareFigures = await drive(bareUrl, { connections: CONNECTIONS, overallRate: FIXED_RATE });
    const measured = await peakRss(pid, drive(url, { connections: CONNECTIONS, overallRate: FIXED_RATE }));
    peakMb = measured.peakMb === null ? peakMb : Math.max(peakMb ?? 0, measured.peakMb);
    bareP99.push(bareFigures.p99);
    optlineP99.push(measured.result.p99);
    process.stdout.write(
      `fixed ${FIXED_RATE} req/s, ${CONNECTIONS} connections, round ${round}\n  ${row('bare Express 5 (parse JSON, 200)', bareFigures)}\n  ${row('Optline ingest (durable)', measured.result)}\n`,
    );
  }
  return `Optline at a fixed ${FIXED_RATE} req/s: p99 median ${median(optlineP99)} ms (rounds ${optlineP99.join(', ')}; goal <= 25), bare Express at the same rate: p99 median ${median(bareP99)} ms (rounds ${bareP99.join(', ')}); peak RSS ${peakMb === null ? 'n/a' : `${peakMb.toFixed(0)} MB`}`;
}

const dataDir = mkdtempSync(join(tmpdir(), 'optline-bench-'));
process.stdout.write(
  `bench:ingest: ${ROUNDS} rounds of ${DURATION_S} s on each endpoint in turn, at ${CONNECTION_COUNTS.join(' and ')} connections, loopback; Optline on the embedded store (durable) in ${dataDir}\n\n`,
);

const bare = await startBare();
// Ingest alone: a dispatcher would also write every queued reply's attempts to the store during the run.
const service = await startServiceProcess({
  ...FIXTURE_ENV,
  OPTLINE_DATA: dataDir,
  OPTLINE_RULES: FIXTURE_RULES_DIR,
  LOG_LEVEL: 'warn',
  OPTLINE_DISPATCH: 'off',
});
const sinchUrl = service.urls.get('e2e-sinch');
if (!sinchUrl) throw new Error(`no e2e-sinch webhook in the fixtures:\n${service.output()}`);

// Whatever else the machine does during a round touches both sides of that round's ratio alike.
const summaries: string[] = [];
for (const connections of CONNECTION_COUNTS)
  summaries.push(
    await alternate('Optline ingest (durable)', bare.url, sinchUrl, service.child.pid, connections, ROUNDS),
  );
if (DURABLE_BASELINE) {
  const durable = await startBare('bare-durable-server.ts');
  for (const connections of CONNECTION_COUNTS)
    summaries.push(
      await alternate(
        'Optline ingest (durable)',
        durable.url,
        sinchUrl,
        service.child.pid,
        connections,
        ROUNDS,
        DURABLE_BARE,
      ),
    );
  durable.stop();
}
const fixed = await fixedRate(bare.url, sinchUrl, service.child.pid);
await service.stop();
rmSync(dataDir, { recursive: true, force: true });

if (MONGODB_URI) {
  const url = new URL(MONGODB_URI);
  url.pathname = `/optline_bench_${randomUUID().slice(0, 8)}`;
  const mongoData = mkdtempSync(join(tmpdir(), 'optline-bench-mongo-'));
  const mongo = await startServiceProcess(
    {
      ...FIXTURE_ENV,
      MONGODB_URI: url.toString(),
      OPTLINE_DATA: mongoData,
      OPTLINE_RULES: FIXTURE_RULES_DIR,
      LOG_LEVEL: 'warn',
      OPTLINE_DISPATCH: 'off',
    },
    60_000,
  );
  const mongoUrl = mongo.urls.get('e2e-sinch')!;
  summaries.push(
    await alternate('Optline ingest on MongoDB', bare.url, mongoUrl, mongo.child.pid, CONNECTIONS, Math.min(ROUNDS, 3)),
  );
  await mongo.stop();
  rmSync(mongoData, { recursive: true, force: true });
}
bare.stop();

process.stdout.write(`\n${fixed}\n\n`);
for (const summary of summaries) process.stdout.write(`${summary}\n`);
if (MONGODB_URI)
  process.stdout.write('(the MongoDB figures: on FerretDB, as in CI, they are not a performance reference)\n');
