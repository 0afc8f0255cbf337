// What `npm install` builds is what runs: the compiled command line and service in dist/, started as a user starts
// them. The other suites call the CLI in-process; these spawn the built files, so a defect of the build alone (a
// file tsc does not copy, an import that only resolves under tsx) fails here.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { REPO_DIR } from '../support/corpus.ts';
import { freePort, START_ARGS, startServiceProcess } from '../support/service-process.ts';

const BIN = join(REPO_DIR, 'bin', 'optline.js');
const MAIN = join(REPO_DIR, 'dist', 'src', 'main.js');
const { version } = JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8')) as { version: string };

describe('the built command line and service', function () {
  this.timeout(60_000);

  it("bin/optline.js prints the version, and checks the example rules with the vendors' templates of dist/", () => {
    expect(spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' }).stdout.trim()).to.equal(version);
    const check = spawnSync(process.execPath, [BIN, 'check', join(REPO_DIR, 'rules')], { encoding: 'utf8' });
    expect(check.status, check.stderr).to.equal(0);
    expect(check.stderr).to.match(/\d+ rule file\(s\), \d+ case\(s\) passed: 0 error\(s\)/);
    // A native vendor's templates are read from dist/src/vendors at run time.
    const extract = spawnSync(
      process.execPath,
      [
        BIN,
        'extract',
        '--vendor',
        'sinch',
        '--payload',
        join(REPO_DIR, 'test', 'corpus', 'payloads', 'sinch-sms.inbound.mo_text.json'),
      ],
      { encoding: 'utf8' },
    );
    expect(extract.status, extract.stderr).to.equal(0);
    expect(JSON.parse(extract.stdout)).to.have.property('kind', 'inbound');
  });

  it("start-up output hides every webhook URL's secret; optline webhooks urls prints the URL that works", async () => {
    const data = mkdtempSync(join(tmpdir(), 'optline-urls-'));
    const service = await startServiceProcess({ OPTLINE_DATA: data, LOG_LEVEL: 'info' });
    try {
      const url = service.urls.get('acme-vonage-inbound');
      expect(url, 'webhooks urls lists the example webhook').to.be.a('string');
      const secret = url!.split('/').pop()!;
      expect(secret).to.have.length.greaterThan(10);
      expect(service.output()).to.include('acme-vonage-inbound (custom inbound): POST');
      for (const listed of service.urls.values()) expect(service.output()).not.to.include(listed.split('/').pop());
      // The built binary prints the same URL.
      const built = spawnSync(process.execPath, [BIN, 'webhooks', 'urls', '--webhook', 'acme-vonage-inbound'], {
        encoding: 'utf8',
        env: { ...process.env, MONGODB_URI: '', OPTLINE_DATA: data, OPTLINE_PUBLIC_URL: service.baseUrl },
      });
      expect(built.status, built.stderr).to.equal(0);
      expect(built.stdout).to.equal(`acme-vonage-inbound: POST ${url}\n`);
      const answer = await fetch(url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          msisdn: '12025550123',
          to: '15550103',
          messageId: 'urls-test-1',
          text: 'STOP',
          'message-timestamp': '2024-06-06 07:52:37',
        }),
      });
      expect(answer.status).to.equal(200);
    } finally {
      await service.stop();
      rmSync(data, { recursive: true, force: true });
    }
  });

  it("npm start caps V8's young generation at 16 MB (two 8 MB semi-spaces; V8's own cap is 32 MB)", () => {
    // The young generation grows to its cap under steady allocation, as under load; 16 MB of it is what keeps the
    // service's RSS under load within 150 MB (bench:ingest) at the same throughput.
    const probe = `let kept = [];
      for (let i = 0; i < 3e6; i++) { kept.push({ i, text: 'x' + i }); if (kept.length > 20000) kept = []; }
      const young = require('node:v8').getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
      process.stdout.write(String(young.space_size));`;
    const flags = START_ARGS.filter((arg) => arg.startsWith('-'));
    const run = spawnSync(process.execPath, [...flags, '-e', probe], { encoding: 'utf8' });
    expect(run.status, run.stderr).to.equal(0);
    expect(Number(run.stdout) / 2 ** 20).to.be.within(1, 16);
  });

  describe('a port already in use', () => {
    let blocker: Server;
    let port: number;
    const data = mkdtempSync(join(tmpdir(), 'optline-listen-'));

    before(async () => {
      port = await freePort();
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    });
    after(() => {
      blocker.close();
      rmSync(data, { recursive: true, force: true });
    });

    it('ends the service with exit code 1 and a message naming the port, before it says it listens', async () => {
      const child = spawn(process.execPath, [MAIN], {
        cwd: REPO_DIR,
        env: {
          ...process.env,
          MONGODB_URI: '',
          PORT: String(port),
          HOST: '127.0.0.1',
          OPTLINE_DATA: data,
          LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // A service that keeps running is killed at the deadline, and the test fails on its exit code.
      const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      clearTimeout(deadline);
      expect(code, stderr).to.equal(1);
      expect(stderr).to.include(`cannot listen on 127.0.0.1:${port}: the address is already in use`);
      expect(stdout).not.to.include('Optline listening');
    });
  });
});
