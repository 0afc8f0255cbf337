// Measures what issue 15 reported, against the built service of a checkout (default: this one):
//   node --import tsx scripts/measure-bounds.ts [--repo DIR] [--texts 3000] [--keywords 1500]
// 1. RSS of the service after N unique 200 KB texts to a secret-URL-only webhook (finding 4);
// 2. an API webhook with K opt-out keywords of 160 letters: its answer, then the time of the first callback (3).
// Figures are printed, not asserted: they depend on the machine.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startArgsOf } from '../test/support/service-process.ts';

const { values } = parseArgs({
  options: {
    repo: { type: 'string', default: '.' },
    texts: { type: 'string', default: '3000' },
    keywords: { type: 'string', default: '1500' },
  },
});
const repo = resolve(values.repo);
const here = resolve('.');
const rulesDir = mkdtempSync(join(tmpdir(), 'optline-measure-rules-'));
cpSync(join(here, 'test', 'fixtures', 'rules'), rulesDir, { recursive: true });
const port = 20_000 + Math.floor(Math.random() * 20_000);
const baseUrl = `http://127.0.0.1:${port}`;
const token = 'measure-admin-token';
// As that checkout's `npm start` runs it (its Node flags included).
const startArgs = startArgsOf(repo);
const env: NodeJS.ProcessEnv = {
  ...process.env,
  MONGODB_URI: '',
  LOG_LEVEL: 'error',
  PORT: String(port),
  HOST: '127.0.0.1',
  OPTLINE_PUBLIC_URL: baseUrl,
  OPTLINE_RULES: rulesDir,
  OPTLINE_DATA: mkdtempSync(join(tmpdir(), 'optline-measure-data-')),
  OPTLINE_DISPATCH: 'off',
  OPTLINE_ADMIN_TOKEN: token,
  E2E_SINCH_SECRET: 'SMSWebhooksSecret',
  E2E_INFOBIP_PASSWORD: 'infobip-password',
};
const child = spawn(process.execPath, startArgs, {
  cwd: repo,
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let output = '';
child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
while (!/Optline listening/.test(output)) {
  if (child.exitCode !== null) throw new Error(`the service exited: ${output}`);
  await new Promise((done) => setTimeout(done, 100));
}
// The start-up output hides each URL's secret; the checkout's own command line prints the URLs that work.
const urls = execFileSync(process.execPath, [join(repo, 'bin', 'optline.js'), 'webhooks', 'urls'], { env }).toString();
const urlOf = (id: string) => {
  const url = new RegExp(`^${id}: POST (\\S+)$`, 'm').exec(urls)?.[1];
  if (url === undefined) throw new Error(`optline webhooks urls lists no ${id}:\n${urls}`);
  return url;
};
const rssMiB = () => {
  const line = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return Math.round(Number(line?.[1] ?? 0) / 1024);
};
const inbound = (id: string, text: string) => ({
  type: 'mo_text',
  id,
  from: '12025550101',
  to: '15550100',
  body: text,
  operator_id: '311071',
  received_at: new Date().toISOString(),
});
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const letters = (length: number, seed: number) => {
  let state = seed;
  let text = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    text += String.fromCharCode(97 + (Math.floor(state / 65536) % 26));
  }
  return text;
};

// 1. Unique 200 KB texts.
const url = urlOf('e2e-sinch');
const filler = Array.from({ length: (200 * 1024) / 8 }, (_, i) => letters(7, i + 1)).join(' ');
const before = rssMiB();
const count = Number(values.texts);
let refused = 0;
for (let i = 0; i < count && child.exitCode === null; i++) {
  const answer = await post(url, inbound(`measure-${i}`, `${i} ${filler}`.slice(0, 200 * 1024))).catch(() => null);
  if (answer?.status !== 200) refused += 1;
  await answer?.arrayBuffer();
}
process.stdout.write(
  `texts: RSS ${before} MiB before, ${rssMiB()} MiB after ${count} unique 200 KB texts (${refused} not answered 200)\n`,
);

// 2. An API webhook with many long opt-out keywords, then its first callback.
const keywords = Array.from({ length: Number(values.keywords) }, (_, i) => letters(160, i + 7));
const rule = {
  id: 'long-keywords',
  name: 'long keywords',
  version: '1.0.0',
  vendor: 'sinch',
  credentials: 'e2e-sinch-creds',
  senderNumber: '+15550100',
  keywords: { optOut: { keywords } },
};
let started = performance.now();
const created = await post(`${baseUrl}/api/webhooks`, rule, { authorization: `Bearer ${token}` });
const createdBody = (await created.json()) as { url?: string; message?: string; problems?: unknown };
process.stdout.write(
  `keywords: ${keywords.length} of 160 letters: HTTP ${created.status} in ${Math.round(performance.now() - started)} ms${
    created.status === 201 ? '' : `: ${JSON.stringify(createdBody).slice(0, 300)}`
  }\n`,
);
if (created.status === 201 && createdBody.url) {
  const rssBefore = rssMiB();
  started = performance.now();
  const answer = await Promise.race([
    post(createdBody.url.replace(/^http:\/\/[^/]+/, baseUrl), inbound('first', 'hello there')).then((r) => r.status),
    exited.then((code) => `the service exited (${code})`),
  ]).catch((error: unknown) => `no answer: ${String(error)}`);
  const rss = child.exitCode === null ? `${rssMiB() - rssBefore} MiB more RSS` : 'service gone';
  process.stdout.write(`first callback: ${answer} after ${Math.round(performance.now() - started)} ms, ${rss}\n`);
}
child.kill('SIGTERM');
await exited;
