// npm run bench:scale -- throughput of 1, 2 and 3 Optline instances on one MongoDB (MONGODB_URI), each driven
// by its own autocannon on loopback, summed. On the CI MongoDB-wire server (FerretDB over SQLite, on the same
// machine as the instances) the figures are informative only: the database is the bottleneck, not Optline.
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServiceProcess, type ServiceProcess } from '../test/support/service-process.ts';
import { FIXTURE_ENV, FIXTURE_RULES_DIR } from '../test/support/service.ts';
import { sinch } from '../test/support/callbacks.ts';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
/** Connections per instance. */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const mongoUri = process.env.MONGODB_URI?.trim();
if (!mongoUri) {
  process.stdout.write(
    'bench:scale needs MONGODB_URI (instances share one MongoDB); for FerretDB: eval "$(bash test/ferretdb/ferretdb.sh start)"; export MONGODB_URI\n',
  );
  process.exit(0);
}

let counter = 0;
function nextBody(): string {
  const n = counter++;
  return JSON.stringify(
    sinch.inbound({
      requestId: `scale-${process.pid}-${n}`,
      from: `+1202${String(5_000_000 + (n % 1_000_000)).padStart(7, '0')}`,
      to: '+15550100',
      text: ['STOP', 'HELP', 'YES', 'hello there'][n % 4]!,
      at: new Date(),
    }),
  );
}

function withDatabase(uri: string, name: string): string {
  const url = new URL(uri);
  url.pathname = `/${name}`;
  return url.toString();
}

process.stdout.write(
  `bench:scale: ${DURATION_S} s per run, ${CONNECTIONS} connections per instance, loopback, MongoDB at ${new URL(mongoUri).host}\n` +
    'informative only on FerretDB (MongoDB wire protocol over SQLite on this machine): not a performance reference\n\n',
);
const rows: string[] = [];
for (const count of [1, 2, 3]) {
  const uri = withDatabase(mongoUri, `optline_scale_bench_${randomUUID().slice(0, 8)}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'optline-scale-bench-'));
  const instances: ServiceProcess[] = [];
  try {
    for (let n = 0; n < count; n++) {
      instances.push(
        await startServiceProcess(
          {
            ...FIXTURE_ENV,
            MONGODB_URI: uri,
            OPTLINE_DATA: dataDir,
            OPTLINE_RULES: FIXTURE_RULES_DIR,
            OPTLINE_DISPATCH: 'off',
            LOG_LEVEL: 'warn',
          },
          60_000,
        ),
      );
    }
    const results = await Promise.all(
      instances.map((instance) =>
        autocannon({
          url: instance.urls.get('e2e-sinch')!,
          method: 'POST',
          duration: DURATION_S,
          connections: CONNECTIONS,
          headers: { 'content-type': 'application/json' },
          requests: [{ setupRequest: (request) => ({ ...request, body: nextBody() }) }],
        }),
      ),
    );
    const rps = results.reduce((sum, result) => sum + result.requests.average, 0);
    const non2xx = results.reduce((sum, result) => sum + result.non2xx, 0);
    const errors = results.reduce((sum, result) => sum + result.errors, 0);
    const timeouts = results.reduce((sum, result) => sum + result.timeouts, 0);
    const p99 = Math.max(...results.map((result) => result.latency.p99));
    const p50 = Math.max(...results.map((result) => result.latency.p50));
    rows.push(
      `${String(count).padStart(9)}  ${rps.toFixed(0).padStart(7)}  ${String(p50).padStart(6)}  ${String(p99).padStart(6)}  ${String(non2xx).padStart(7)}  ${String(errors).padStart(6)} (${timeouts} timeouts)`,
    );
    process.stdout.write(`${count} instance(s): ${rps.toFixed(0)} req/s\n`);
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
process.stdout.write(
  `\ninstances    req/s  p50 ms  p99 ms  non-2xx  errors\n${rows.join('\n')}\n(p50 and p99: the worst instance's; errors: autocannon's, its 10 s timeouts included)\n`,
);
