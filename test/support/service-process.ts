// Runs the built service as `npm start` runs it (its Node flags, dist/src/main.js) as a real child process, for
// end-to-end and crash tests and benchmarks: a defect of the build alone (a file tsc does not copy) fails them.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REPO_DIR } from './corpus.ts';
import { optline } from './optline-cli.ts';
import { LOOPBACK_RANGES } from './loopback-outbound.ts';
import { until } from './until.ts';

export interface ServiceProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Webhook id -> URL, as `optline webhooks urls` prints it. */
  urls: Map<string, string>;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Node's arguments in `npm start` (its V8 flags and dist/src/main.js), the entry resolved in the repository. */
export const START_ARGS: readonly string[] = startArgsOf(REPO_DIR);

/** Node's arguments in the `npm start` of the checkout in `dir`, its paths resolved there. */
export function startArgsOf(dir: string): string[] {
  const { scripts } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [command, ...args] = scripts.start.split(/\s+/);
  if (command !== 'node' || !args.at(-1)?.endsWith('.js')) throw new Error(`npm start is not "node ... <file>.js"`);
  return args.map((arg) => (arg.startsWith('-') ? arg : join(dir, arg)));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startServiceProcess(env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<ServiceProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // The embedded store unless the caller names a MongoDB: a test run's MONGODB_URI must not leak into it.
  const childEnv = {
    ...process.env,
    MONGODB_URI: '',
    LOG_LEVEL: 'warn',
    OPTLINE_OUTBOUND_ALLOW: LOOPBACK_RANGES.join(','), // the fake providers listen on loopback
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    OPTLINE_PUBLIC_URL: baseUrl,
  };
  const child = spawn(process.execPath, [...START_ARGS], {
    cwd: REPO_DIR,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await until(
      async () => {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
        return /Optline listening/.test(output) && (await ready(baseUrl));
      },
      { timeoutMs, pollMs: 100 },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(
      `the service did not start (${error instanceof Error ? error.message : String(error)}):\n${output}`,
      { cause: error },
    );
  }
  // Start-up output hides the URLs' secrets; the command line prints them, from the store the service uses.
  const listed = await optline(['webhooks', 'urls'], '', childEnv);
  const urls = new Map<string, string>();
  for (const match of listed.stdout.matchAll(/^(\S+): POST (\S+)$/gm)) urls.set(match[1]!, match[2]!);
  return {
    child,
    baseUrl,
    urls,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

async function ready(baseUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${baseUrl}/readyz`)).ok;
  } catch {
    return false;
  }
}
