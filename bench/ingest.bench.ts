// npm run bench:ingest -- drives Optline (embedded store, synchronous=FULL) and a bare Express 5 endpoint with
// autocannon on loopback in the same run and prints req/s, p50, p99 and their ratio, then p99 at a fixed rate.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_DIR } from '../test/support/corpus.ts';
import { freePort, startServiceProcess } from '../test/support/service-process.ts';
import { FIXTURE_ENV, FIXTURE_RULES_DIR } from '../test/support/service.ts';
import { sinch } from '../test/support/callbacks.ts';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
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

interface Figures { requests: number; rps: number; p50: number; p99: number; non2xx: number; errors: number }

async function drive(url: string, options: { connections: number; overallRate?: number }): Promise<Figures> {
  const result = await autocannon({
    url,
    method: 'POST',
    duration: DURATION_S,
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
process.stdout.write(`bench:ingest: ${DURATION_S} s per run, ${CONNECTIONS} connections, loopback; Optline on the embedded store (synchronous=FULL) in ${dataDir}\n\n`);

const bare = await startBare();
const bareFigures = await drive(bare.url, { connections: CONNECTIONS });
bare.stop();

// Ingest alone: a dispatcher would also write every queued reply's attempts to the store during the run.
const service = await startServiceProcess({ ...FIXTURE_ENV, OPTLINE_DATA: dataDir, OPTLINE_RULES: FIXTURE_RULES_DIR, LOG_LEVEL: 'warn', OPTLINE_DISPATCH: 'off' });
const sinchUrl = service.urls.get('e2e-sinch');
if (!sinchUrl) throw new Error(`no e2e-sinch webhook in the fixtures:\n${service.output()}`);
const optlineFigures = await drive(sinchUrl, { connections: CONNECTIONS });
const fixedFigures = await drive(sinchUrl, { connections: CONNECTIONS, overallRate: FIXED_RATE });
await service.stop();
rmSync(dataDir, { recursive: true, force: true });

process.stdout.write(`${row('bare Express 5 (parse JSON, 200)', bareFigures)}\n`);
process.stdout.write(`${row('Optline ingest (durable, FULL)', optlineFigures)}\n`);
process.stdout.write(`${row(`Optline at a fixed ${FIXED_RATE} req/s`, fixedFigures)}\n\n`);
const ratio = optlineFigures.rps / bareFigures.rps;
process.stdout.write(`ratio Optline / bare: ${ratio.toFixed(2)} (goal >= 0.5)   p99 under load: ${optlineFigures.p99} ms (goal <= 50)   p99 at ${FIXED_RATE} req/s: ${fixedFigures.p99} ms\n`);
