import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileCredentials } from '../../src/admin/admin-files.ts';
import { loadConfigurationDir } from '../../src/admin/configuration-dir.ts';
import { unsendableReplies, type ReplyingWebhook } from '../../src/admin/unsendable-replies.ts';
import { formatProblem } from '../../src/rules/problem.ts';
import { REPO_DIR } from '../support/corpus.ts';
import { optline } from '../support/optline-cli.ts';
import { startServiceProcess } from '../support/service-process.ts';
import { until } from '../support/until.ts';

const RULES_DIR = join(REPO_DIR, 'rules');
const dirs: string[] = [];

/** A fresh directory holding copies of the named files of rules/. */
function rulesCopy(names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'optline-configuration-'));
  dirs.push(dir);
  for (const name of names) copyFileSync(join(RULES_DIR, name), join(dir, name));
  return dir;
}

function run(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  // A deadline, so a service that starts instead of refusing fails the test rather than hanging it.
  const result = spawnSync(process.execPath, args, {
    cwd: REPO_DIR,
    env: { ...process.env, MONGODB_URI: '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const optlineCheck = (dir: string, env: NodeJS.ProcessEnv = {}) => optline(['check', dir], '', env);

/** Lines of `text` that say `severity` in the file:line:column: severity: message format. */
const findings = (text: string, severity: 'error' | 'warning') =>
  text.split('\n').filter((line) => line.includes(`: ${severity}: `));

// Both secret variables empty unless a test sets one: an empty variable is no secret.
const NO_SECRETS = { ACME_SINCH_API_TOKEN: '', ACME_TELNYX_API_KEY: '' };

after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the rules directory as start-up reads it, and as optline check reports it', function () {
  this.timeout(120_000);

  describe('a broken credentials file and a broken channel file', () => {
    let dir: string;
    let expected: string[];

    before(() => {
      dir = rulesCopy(['acme-sinch.webhook.json', 'acme-sinch.cases.json']);
      writeFileSync(
        join(dir, 'acme-sinch.credentials.json'),
        '{\n  "name": "acme-sinch",\n  "vendor": "sinch",\n  "baseUrl": "ftp://sms.example",\n  "accountId": "plan",\n  "secretEnv": "ACME_SINCH_API_TOKEN"\n}\n',
      );
      writeFileSync(
        join(dir, 'acme-sinch.channel.json'),
        '{\n  "name": "acme-sinch",\n  "credentials": "acme-sinch",\n  "senderNumbers": ["+15550100", "+15550100"]\n}\n',
      );
      expected = [
        `${dir}/acme-sinch.channel.json:4:34: error: is listed twice (also at item 0)`,
        `${dir}/acme-sinch.credentials.json:4:14: error: must be an http(s) URL: the vendor endpoint, e.g. https://us.sms.api.sinch.com`,
      ];
    });

    it('are errors at their line and column (loadConfigurationDir, which start-up and check share)', async () => {
      const { problems } = await loadConfigurationDir(dir, NO_SECRETS);
      expect(problems.filter((problem) => problem.severity === 'error').map(formatProblem)).to.deep.equal(expected);
    });

    it('stop start-up, and the check it recommends reports the same lines and exits 1', async () => {
      const startUp = run([join(REPO_DIR, 'dist', 'src', 'main.js')], {
        ...NO_SECRETS,
        OPTLINE_RULES: dir,
        OPTLINE_DATA: join(dir, 'data'),
        PORT: '0',
        HOST: '127.0.0.1',
      });
      expect(startUp.status, startUp.stderr).to.equal(1);
      expect(findings(startUp.stderr, 'error')).to.deep.equal(expected);
      expect(startUp.stderr).to.contain(`run: npx optline check ${dir}`);
      const check = await optlineCheck(dir, NO_SECRETS);
      expect(check.status, check.stderr).to.equal(1);
      expect(findings(check.stdout, 'error')).to.deep.equal(expected);
      expect(check.stderr).to.contain('2 error(s)');
    });
  });

  describe('webhooks whose replies can never be sent', () => {
    const custom = (send: unknown): ReplyingWebhook => ({
      id: 'acme-telnyx-inbound',
      vendor: 'custom',
      credentials: 'acme-telnyx',
      send,
      replies: true,
    });
    const sinch: ReplyingWebhook = {
      id: 'acme-sinch',
      vendor: 'sinch',
      credentials: 'acme-sinch',
      send: null,
      replies: true,
    };
    const files: FileCredentials[] = [
      {
        name: 'acme-telnyx',
        vendor: 'custom',
        baseUrl: '',
        accountId: '',
        options: {},
        secretEnv: 'ACME_TELNYX_API_KEY',
        file: 'acme-telnyx.credentials.json',
      },
      {
        name: 'acme-sinch',
        vendor: 'sinch',
        baseUrl: 'https://x',
        accountId: 'p',
        options: {},
        secretEnv: 'ACME_SINCH_API_TOKEN',
        file: 'acme-sinch.credentials.json',
      },
    ];
    const secrets = { ACME_TELNYX_API_KEY: 'k', ACME_SINCH_API_TOKEN: 't' };
    const reasons = (webhooks: ReplyingWebhook[], env: NodeJS.ProcessEnv) =>
      unsendableReplies(webhooks, files, env).map(
        ({ webhookId, pointer, message }) =>
          `${webhookId} ${pointer} ${message.replace(/^webhook \S+ cannot send its replies: /, '')}`,
      );

    it('none when a custom webhook has a send request and every secret is set', () => {
      expect(reasons([custom({ url: 'https://x' }), sinch], secrets)).to.deep.equal([]);
    });

    it('a custom webhook without send, a secret variable unset or empty, credentials of another vendor', () => {
      expect(reasons([custom(null)], secrets)).to.deep.equal([
        'acme-telnyx-inbound /vendor a custom webhook needs a "send" request (how to call the provider\'s send API); without one every reply fails',
      ]);
      expect(reasons([sinch], { ACME_TELNYX_API_KEY: 'k' })).to.deep.equal([
        'acme-sinch /credentials its credentials "acme-sinch" (acme-sinch.credentials.json) take their secret from ACME_SINCH_API_TOKEN, which is not set',
      ]);
      expect(reasons([sinch], { ...secrets, ACME_SINCH_API_TOKEN: '' })).to.have.length(1);
      expect(reasons([{ ...sinch, credentials: 'acme-telnyx' }], secrets)).to.deep.equal([
        'acme-sinch /credentials its credentials "acme-telnyx" (acme-telnyx.credentials.json) are for custom, not sinch',
      ]);
    });

    it('none for a webhook that sends no replies (feedback only), nor for credentials that are not files', () => {
      expect(
        reasons(
          [
            { ...custom(null), replies: false },
            { ...sinch, replies: false },
          ],
          {},
        ),
      ).to.deep.equal([]);
      expect(reasons([{ ...sinch, credentials: 'from-the-api' }], {})).to.deep.equal([]);
    });
  });

  describe('a directory with such webhooks, one of them not attached to a channel', () => {
    let dir: string;
    let expected: string[];
    const env = { ...NO_SECRETS, ACME_TELNYX_API_KEY: 'telnyx-key' };

    before(() => {
      dir = rulesCopy([
        'acme-sinch.webhook.json',
        'acme-sinch.cases.json',
        'acme-sinch.credentials.json',
        'acme-telnyx-inbound.webhook.json',
        'acme-telnyx-inbound.cases.json',
        'telnyx.inbound.template.json',
        'acme-telnyx.credentials.json',
        'acme-telnyx.channel.json',
      ]);
      const telnyx = join(dir, 'acme-telnyx-inbound.webhook.json');
      const { send: _send, ...withoutSend } = JSON.parse(readFileSync(telnyx, 'utf8')) as Record<string, unknown>;
      writeFileSync(telnyx, `${JSON.stringify(withoutSend, null, 2)}\n`);
      expected = [
        `${dir}/acme-sinch.webhook.json:8:18: warning: webhook acme-sinch cannot send its replies: its credentials "acme-sinch" (${dir}/acme-sinch.credentials.json) take their secret from ACME_SINCH_API_TOKEN, which is not set`,
        `${dir}/acme-telnyx-inbound.webhook.json:7:13: warning: webhook acme-telnyx-inbound cannot send its replies: a custom webhook needs a "send" request (how to call the provider's send API); without one every reply fails`,
        `${dir}/acme-sinch.webhook.json:8:18: warning: acme-sinch: the webhook is not active: its credentials "acme-sinch" are not attached to a channel configuration (create one with POST /api/channel-configurations listing +15550100)`,
      ];
    });

    it('optline check warns of each (and of the webhook the files leave inactive), and exits 0', async () => {
      const check = await optlineCheck(dir, env);
      expect(check.status, check.stderr).to.equal(0);
      expect(check.stdout.trimEnd().split('\n')).to.deep.equal(expected);
    });

    it('start-up logs the same warnings', async () => {
      const service = await startServiceProcess({
        ...env,
        OPTLINE_RULES: dir,
        OPTLINE_DATA: join(dir, 'data'),
        OPTLINE_DISPATCH: 'off',
      });
      try {
        const warnings = () =>
          service
            .output()
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as { level: number; msg: string })
            .filter((entry) => entry.level === 40)
            .map((entry) => entry.msg);
        // Start-up logs the files' warnings as check prints them, and an inactive webhook as "<id>: <reason>".
        const wanted = expected.map((line) =>
          line.includes('not active') ? line.replace(/^.*: warning: /, '') : line,
        );
        await until(() => wanted.every((line) => warnings().includes(line)), { context: service.output });
      } finally {
        await service.stop();
      }
    });
  });

  describe('credentials files whose baseUrl names a loopback, private or link-local address', () => {
    it('are warned of at the baseUrl line and column, unless OPTLINE_OUTBOUND_ALLOW lets them through', async () => {
      const dir = rulesCopy([]);
      writeFileSync(
        join(dir, 'inner.credentials.json'),
        '{\n  "name": "inner",\n  "vendor": "infobip",\n  "baseUrl": "http://10.0.0.5:8080",\n  "secretEnv": "INNER_KEY"\n}\n',
      );
      const { problems } = await loadConfigurationDir(dir, {});
      expect(problems.map(formatProblem)).to.deep.equal([
        `${dir}/inner.credentials.json:4:14: warning: credentials inner: every send will be refused: 10.0.0.5 is a loopback, private or link-local address (allow it in OPTLINE_OUTBOUND_ALLOW)`,
      ]);
      for (const allow of ['10.0.0.0/8', '10.0.0.5:8080'])
        expect((await loadConfigurationDir(dir, { OPTLINE_OUTBOUND_ALLOW: allow })).problems, allow).to.deep.equal([]);
      const checked = await optlineCheck(dir);
      expect(findings(checked.stdout + checked.stderr, 'warning')).to.have.length(1);
    });
  });
});
