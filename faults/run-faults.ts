// npm run faults -- repeats the attacks and durability runs against the built service (dist/src/main.js) on
// loopback, and prints, per run, what was sent, acknowledged (200) and lost (acknowledged, then not stored),
// the 503s with Retry-After the contract allows, any other 5xx, and latency. Exits 1 if an acknowledged
// callback is lost or an unexpected 5xx (or a connection reset by a live service) occurs. Not part of npm test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { openMongoStore } from '../src/store/mongo/mongo-store.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { singleHost } from '../test/support/mongo-uri.ts';
import { startTcpProxy } from '../test/support/tcp-proxy.ts';
import * as callbacks from '../test/support/callbacks.ts';
import { hostileBodies, hostileCorpusDir } from '../test/support/hostile-corpus.ts';
import { startServiceProcess, type ServiceProcess } from '../test/support/service-process.ts';
import { FIXTURE_ENV, FIXTURE_RULES_DIR } from '../test/support/service.ts';
import { lockDatabaseExclusively } from '../test/support/sqlite-lock.ts';
import { until } from '../test/support/until.ts';

const WEBHOOK = 'e2e-sinch';
const SENDERS = 8;

interface RunResult {
  name: string;
  sent: number;
  acked: number;
  lost: number;
  retryAfter503: number;
  unexpected5xx: number;
  connectionErrors: number;
  /** Failures that fail the suite besides loss and 5xx (resets from a live service, 4xx to valid bodies...). */
  problems: string[];
  latencies: number[];
  note?: string;
}

function newRun(name: string): RunResult {
  return {
    name,
    sent: 0,
    acked: 0,
    lost: 0,
    retryAfter503: 0,
    unexpected5xx: 0,
    connectionErrors: 0,
    problems: [],
    latencies: [],
  };
}

function serviceEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    ...FIXTURE_ENV,
    OPTLINE_DATA: dataDir,
    OPTLINE_RULES: FIXTURE_RULES_DIR,
    OPTLINE_DISPATCH: 'off',
    LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'fatal',
    OPTLINE_DRAIN_SECONDS: '10',
  };
}

let sequence = 0;
function callback(prefix: string, padding = 0): { requestId: string; body: string } {
  const n = sequence++;
  const requestId = `${prefix}-${n}`;
  const body = callbacks.sinch.inbound({
    requestId,
    from: `+1202559${String(n % 10000).padStart(4, '0')}`,
    to: '+15550100',
    text: ['STOP', 'YES', 'HELP', 'hello'][n % 4]!,
    at: new Date(),
  }) as Record<string, unknown>;
  if (padding > 0) body.padding = 'x'.repeat(padding);
  return { requestId, body: JSON.stringify(body) };
}

type Answer = { kind: 'status'; status: number; retryAfter: boolean } | { kind: 'error'; code: string };

async function post(url: string, body: string, run: RunResult): Promise<Answer> {
  const started = performance.now();
  run.sent += 1;
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await response.arrayBuffer();
    run.latencies.push(performance.now() - started);
    const answer: Answer = {
      kind: 'status',
      status: response.status,
      retryAfter: /^\d+$/.test(response.headers.get('retry-after') ?? ''),
    };
    if (answer.status === 200) run.acked += 1;
    else if (answer.status === 503 && answer.retryAfter) run.retryAfter503 += 1;
    else if (answer.status >= 500) run.unexpected5xx += 1;
    return answer;
  } catch (error) {
    run.connectionErrors += 1;
    const cause = (error as { cause?: { code?: unknown } }).cause;
    return { kind: 'error', code: typeof cause?.code === 'string' ? cause.code : String(error) };
  }
}

/** Every acknowledged request id that the stopped service's store does not hold. */
async function lostOf(dataDir: string, acknowledged: Iterable<string>): Promise<string[]> {
  const store = await openSqliteStore({ dir: dataDir });
  try {
    const stored = new Set(
      (await store.listEvents({ webhookId: WEBHOOK, limit: 1_000_000 })).map((event) => event.requestId),
    );
    return [...acknowledged].filter((requestId) => !stored.has(requestId));
  } finally {
    await store.close();
  }
}

/** SIGKILL x3 under load, restarting on the same data each time; then every acknowledged callback is looked for. */
async function sigkillRuns(): Promise<RunResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'optline-faults-kill-'));
  const results: RunResult[] = [];
  const allAcked: string[] = [];
  for (let round = 1; round <= 3; round++) {
    const run = newRun(`SIGKILL under load (${round}/3)`);
    const service = await startServiceProcess(serviceEnv(dataDir));
    const url = service.urls.get(WEBHOOK)!;
    let killed = false;
    const acked: string[] = [];
    const sender = async () => {
      while (!killed) {
        const { requestId, body } = callback(`kill${round}`);
        const answer = await post(url, body, run);
        if (answer.kind === 'status' && answer.status === 200) acked.push(requestId);
        else if (answer.kind === 'status' && answer.status !== 503) run.problems.push(`${requestId}: ${answer.status}`);
      }
    };
    const senders = Array.from({ length: SENDERS }, sender);
    await until(() => acked.length >= 300, { timeoutMs: 60_000, pollMs: 5, context: service.output });
    await service.stop('SIGKILL');
    killed = true;
    await Promise.all(senders);
    allAcked.push(...acked);
    run.lost = (await lostOf(dataDir, acked)).length;
    run.note = 'connection errors: the killed process';
    results.push(run);
  }
  const final = newRun('SIGKILL: all 3 rounds re-checked');
  final.acked = allAcked.length;
  final.lost = (await lostOf(dataDir, allAcked)).length;
  results.push(final);
  rmSync(dataDir, { recursive: true, force: true });
  return results;
}

/**
 * Load with a retrying provider while `fault` takes the store away for a while: refused callbacks (503 with
 * Retry-After) are sent again until acknowledged. Then every acknowledged callback is looked for.
 */
async function retriedUnderFault(
  name: string,
  dataDir: string,
  fault: (service: ServiceProcess, run: RunResult) => Promise<void>,
  padding = 0,
  mongo?: { uri: string; batch: number },
): Promise<RunResult> {
  const run = newRun(name);
  const batch = mongo?.batch ?? 100;
  const service = await startServiceProcess(
    { ...serviceEnv(dataDir), ...(mongo ? { MONGODB_URI: mongo.uri } : {}) },
    60_000,
  );
  const url = service.urls.get(WEBHOOK)!;
  let stopping = false;
  const acked = new Set<string>();
  const sender = async () => {
    while (!stopping) {
      const { requestId, body } = callback(name.split(' ')[0]!.toLowerCase(), padding);
      // A provider retries a refused callback until it is acknowledged (bounded here).
      for (let attempt = 0; attempt < 400; attempt++) {
        const answer = await post(url, body, run);
        if (answer.kind === 'status' && answer.status === 200) {
          acked.add(requestId);
          break;
        }
        if (answer.kind === 'error') run.problems.push(`${requestId}: ${answer.code} from a live service`);
        else if (answer.status !== 503) run.problems.push(`${requestId}: ${answer.status}`);
        await sleep(50);
      }
    }
  };
  const senders = Array.from({ length: SENDERS }, sender);
  try {
    await until(() => acked.size >= batch, { timeoutMs: 60_000, pollMs: 5, context: service.output });
    await fault(service, run);
    const after = acked.size;
    await until(() => acked.size >= after + batch, { timeoutMs: 60_000, pollMs: 5 }).catch(() =>
      run.problems.push(`not serving again 60 s after the fault (${acked.size - after} acknowledged since)`),
    );
  } finally {
    // Also when the run failed: no service is left behind.
    stopping = true;
    await Promise.all(senders);
    await service.stop('SIGTERM');
    if (process.env.FAULTS_LOG_LEVEL) process.stderr.write(service.output());
  }
  if (service.child.exitCode !== 0) run.problems.push(`exit code ${service.child.exitCode} after SIGTERM`);
  run.lost = (mongo ? await lostOnMongo(mongo.uri, acked) : await lostOf(dataDir, acked)).length;
  return run;
}

async function lostOnMongo(uri: string, acknowledged: Iterable<string>): Promise<string[]> {
  const store = await openMongoStore({ uri });
  try {
    const stored = new Set(
      (await store.listEvents({ webhookId: WEBHOOK, limit: 1_000_000 })).map((event) => event.requestId),
    );
    return [...acknowledged].filter((requestId) => !stored.has(requestId));
  } finally {
    await store.close();
  }
}

/** MongoDB behind a TCP proxy that is cut for 3 s (only with MONGODB_URI; FerretDB in CI). */
async function mongoOutageRun(): Promise<RunResult> {
  const name = 'MongoDB outage (connection cut 3 s)';
  const target = process.env.MONGODB_URI ? singleHost(process.env.MONGODB_URI) : null;
  if (!target) return { ...newRun(name), note: 'skipped: set MONGODB_URI (a single host) to run it' };
  const proxy = await startTcpProxy(target);
  const uri = new URL(target.rewrite(proxy.port));
  uri.pathname = `/optline_faults_${randomUUID().slice(0, 8)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'optline-faults-mongo-'));
  try {
    return await retriedUnderFault(
      name,
      dataDir,
      async () => {
        await proxy.stop();
        await sleep(3000);
        await proxy.start();
      },
      0,
      { uri: uri.toString(), batch: 30 },
    );
  } finally {
    await proxy.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function storeOutageRun(): Promise<RunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'optline-faults-outage-'));
  try {
    return await retriedUnderFault('Store outage (lock held 3 s)', dataDir, async (_service, run) => {
      const release = lockDatabaseExclusively(dataDir);
      await sleep(3000);
      release();
      if (run.retryAfter503 === 0) run.problems.push('no 503 during the outage: the fault did not bite');
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function diskFullRun(): Promise<RunResult> {
  const run = newRun('Disk full (16 MB tmpfs)');
  if (process.getuid?.() !== 0) return { ...run, note: 'skipped: needs root to mount a tmpfs' };
  const mountPoint = mkdtempSync(join(tmpdir(), 'optline-faults-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mountPoint]);
  } catch (error) {
    rmSync(mountPoint, { recursive: true, force: true });
    return { ...run, note: `skipped: cannot mount a tmpfs (${String(error).split('\n')[0]})` };
  }
  const filler = join(mountPoint, 'filler');
  try {
    return await retriedUnderFault(
      run.name,
      join(mountPoint, 'data'),
      async (_service, current) => {
        // Fill the disk but a little; writes then fail (SQLITE_FULL) until the filler is deleted.
        try {
          writeFileSync(filler, Buffer.alloc(15 * 1024 * 1024));
        } catch {
          // ENOSPC: as full as it gets
        }
        await until(() => current.retryAfter503 > 0, { timeoutMs: 30_000, pollMs: 20 });
        await sleep(1000);
        rmSync(filler, { force: true });
      },
      4096,
    );
  } finally {
    execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  }
}

/** A clean SIGTERM under load: answers are 200 or 503 with Retry-After; nothing acknowledged is lost. */
async function sigtermRun(): Promise<RunResult> {
  const run = newRun('SIGTERM under load (drain)');
  const dataDir = mkdtempSync(join(tmpdir(), 'optline-faults-term-'));
  const service = await startServiceProcess(serviceEnv(dataDir));
  const url = service.urls.get(WEBHOOK)!;
  const acked: string[] = [];
  const sender = async () => {
    for (;;) {
      const { requestId, body } = callback('term');
      const answer = await post(url, body, run);
      if (answer.kind === 'error') {
        if (answer.code !== 'ECONNREFUSED') run.problems.push(`${requestId}: ${answer.code}`);
        return;
      }
      if (answer.status === 200) acked.push(requestId);
      else {
        if (answer.status !== 503 || !answer.retryAfter) run.problems.push(`${requestId}: ${answer.status}`);
        return;
      }
    }
  };
  const senders = Array.from({ length: SENDERS }, sender);
  await until(() => acked.length >= 300, { timeoutMs: 60_000, pollMs: 5, context: service.output });
  await service.stop('SIGTERM');
  await Promise.all(senders);
  if (service.child.exitCode !== 0) run.problems.push(`exit code ${service.child.exitCode}`);
  run.lost = (await lostOf(dataDir, acked)).length;
  run.note = 'connection errors: the port closed after the drain';
  rmSync(dataDir, { recursive: true, force: true });
  return run;
}

/** The attacks: hostile bodies, a body over the limit, deep nesting, a secret scan, a replay flood. */
async function attackRun(): Promise<RunResult> {
  const run = newRun('Attacks (hostile bodies, oversize, replay flood)');
  const dataDir = mkdtempSync(join(tmpdir(), 'optline-faults-attack-'));
  const service = await startServiceProcess(serviceEnv(dataDir));
  const url = service.urls.get(WEBHOOK)!;
  const expectStatus = async (body: string, allowed: number[], what: string, target = url) => {
    const answer = await post(target, body, run);
    if (answer.kind === 'error') run.problems.push(`${what}: ${answer.code}`);
    else if (!allowed.includes(answer.status)) run.problems.push(`${what}: ${answer.status}`);
  };
  for (const file of hostileBodies())
    await expectStatus(readFileSync(join(hostileCorpusDir(), file), 'utf8'), [200, 400, 413, 415, 422], file);
  await expectStatus(JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }), [413], 'a 2 MiB body');
  await expectStatus(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, [400, 413, 422], '100,000 nested arrays');
  for (let n = 0; n < 50; n++)
    await expectStatus(callback('scan').body, [404], 'a wrong secret', url.replace(/[^/]+$/, `guess${n}`));
  const { requestId, body } = callback('replay');
  await Promise.all(Array.from({ length: 50 }, () => expectStatus(body, [200], 'a replayed callback')));
  await service.stop('SIGTERM');
  const store = await openSqliteStore({ dir: dataDir });
  const copies = (await store.listEvents({ webhookId: WEBHOOK, limit: 1_000_000 })).filter(
    (event) => event.requestId === requestId,
  ).length;
  await store.close();
  if (copies !== 1) run.problems.push(`a replay flood stored ${copies} copies`);
  run.lost = copies === 0 ? 1 : 0;
  rmSync(dataDir, { recursive: true, force: true });
  return run;
}

function percentile(values: number[], share: number): string {
  if (values.length === 0) return '-';
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!.toFixed(1);
}

function table(results: RunResult[]): string {
  const header = ['run', 'sent', 'acked', 'lost', '503+RA', 'other 5xx', 'conn err', 'p50 ms', 'p99 ms', 'verdict'];
  const rows = results.map((run) => {
    const failed = run.lost > 0 || run.unexpected5xx > 0 || run.problems.length > 0;
    return [
      run.name,
      String(run.sent),
      String(run.acked),
      String(run.lost),
      String(run.retryAfter503),
      String(run.unexpected5xx),
      String(run.connectionErrors),
      percentile(run.latencies, 0.5),
      percentile(run.latencies, 0.99),
      run.note?.startsWith('skipped') ? 'skipped' : failed ? 'FAIL' : 'ok',
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

process.stdout.write('npm run faults: the built service on loopback (run npm run build first if src/ changed)\n\n');
const started = Date.now();
const results: RunResult[] = [];
// FAULTS_ONLY=storeOutageRun,sigkillRuns runs some of them.
const only = process.env.FAULTS_ONLY?.split(',');
const suites = [attackRun, sigtermRun, storeOutageRun, mongoOutageRun, diskFullRun, sigkillRuns];
for (const suite of suites.filter((candidate) => only === undefined || only.includes(candidate.name))) {
  const outcome = await suite();
  for (const run of Array.isArray(outcome) ? outcome : [outcome]) {
    results.push(run);
    process.stdout.write(`done: ${run.name}${run.note ? ` (${run.note})` : ''}\n`);
  }
}
process.stdout.write(`\n${table(results)}\n\n`);
const problems = results.flatMap((run) => run.problems.slice(0, 5).map((problem) => `${run.name}: ${problem}`));
for (const problem of problems) process.stdout.write(`problem: ${problem}\n`);
const lost = results.reduce((sum, run) => sum + run.lost, 0);
const unexpected = results.reduce((sum, run) => sum + run.unexpected5xx, 0);
process.stdout.write(
  `${lost} acknowledged callbacks lost, ${unexpected} unexpected 5xx, ${problems.length} other problems (${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
);
process.exitCode = lost > 0 || unexpected > 0 || problems.length > 0 ? 1 : 0;
