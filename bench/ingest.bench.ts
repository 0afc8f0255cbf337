// npm run bench:ingest -- drives Optline (embedded store, durable) and a bare Express 5 endpoint with autocannon
// on loopback in the same run, in alternating slices, and prints req/s, p50, p99 and the ratio per round and
// their median, then p99 at a fixed rate.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_DIR } from '../test/support/corpus.ts';
import { freePort, startServiceProcess } from '../test/support/service-process.ts';
import { FIXTURE_ENV, FIXTURE_RULES_DIR } from '../test/support/service.ts';
import { sinch } from '../test/support/callbacks.ts';

/** Seconds per slice: the two endpoints are driven in alternating slices, the ratio taken per pair. */
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
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

async function startBare(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_DIR, 'bench', 'bare-express-server.ts')], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
  return { url: `http://127.0.0.1:${port}/webhooks/bare/secret`, stop: () => child.kill('SIGTERM') };
}

const dataDir = mkdtempSync(join(tmpdir(), 'optline-bench-'));
process.stdout.write(
  `bench:ingest: ${ROUNDS} rounds of ${DURATION_S} s on each endpoint in turn, ${CONNECTIONS} connections, loopback; Optline on the embedded store (durable) in ${dataDir}\n\n`,
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

// Warm both up (JIT, connection pools), then alternate: whatever else the machine does during a round
// touches both sides of that round's ratio alike.
await drive(bare.url, { connections: CONNECTIONS, seconds: 2 });
await drive(sinchUrl, { connections: CONNECTIONS, seconds: 2 });
const rounds: Array<{ bare: Figures; optline: Figures; ratio: number }> = [];
for (let round = 1; round <= ROUNDS; round++) {
  const bareFigures = await drive(bare.url, { connections: CONNECTIONS });
  const optlineFigures = await drive(sinchUrl, { connections: CONNECTIONS });
  const ratio = optlineFigures.rps / bareFigures.rps;
  rounds.push({ bare: bareFigures, optline: optlineFigures, ratio });
  process.stdout.write(
    `round ${round}\n  ${row('bare Express 5 (parse JSON, 200)', bareFigures)}\n  ${row('Optline ingest (durable)', optlineFigures)}\n  ratio ${ratio.toFixed(2)}\n`,
  );
}
const fixedFigures = await drive(sinchUrl, { connections: CONNECTIONS, overallRate: FIXED_RATE, seconds: 10 });
bare.stop();
await service.stop();
rmSync(dataDir, { recursive: true, force: true });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;
const ratios = rounds.map((round) => round.ratio);
const worstP99 = Math.max(...rounds.map((round) => round.optline.p99));
process.stdout.write(`\n${row(`Optline at a fixed ${FIXED_RATE} req/s`, fixedFigures)}\n\n`);
process.stdout.write(
  `bare: median ${median(rounds.map((round) => round.bare.rps)).toFixed(0)} req/s; Optline: median ${median(rounds.map((round) => round.optline.rps)).toFixed(0)} req/s\n`,
);
process.stdout.write(
  `ratio Optline / bare: median ${median(ratios).toFixed(2)} (rounds ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}; goal >= 0.5)   p99 under load: worst ${worstP99} ms (goal <= 50)   p99 at ${FIXED_RATE} req/s: ${fixedFigures.p99} ms\n`,
);
