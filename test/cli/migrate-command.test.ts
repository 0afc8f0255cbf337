import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { MAX_ENTRIES, MAX_EXPORT_BYTES } from '../../src/admin/migration/legacy-export.ts';
import { loadRuleFile } from '../../src/rules/load-rule-file.ts';
import { BAD_ENTRIES, LEGACY_SECRETS, OLD_BEHAVIOUR, legacyExport } from '../support/legacy-export.ts';
import { optline } from '../support/optline-cli.ts';

describe('optline migrate', () => {
  let work: string;
  let from: string;
  let out: string;
  const snapshot = () =>
    Object.fromEntries(readdirSync(out).map((name) => [name, readFileSync(join(out, name), 'utf8')] as const));

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'optline-migrate-'));
    from = join(work, 'export.json');
    out = join(work, 'rules');
    writeFileSync(from, JSON.stringify(legacyExport()));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('writes every vendor what it needs, refuses the bad entries by JSON path, and the output passes optline check', async () => {
    const run = await optline(['migrate', '--from', from, '--out', out]);
    expect(run.status, run.stderr).to.equal(1);
    expect(readdirSync(out).sort()).to.deep.equal(
      [
        'acme-conversations.cases.json',
        'acme-conversations.channel.json',
        'acme-conversations.credentials.json',
        'acme-conversations.webhook.json',
        'acme-custom-feedback.webhook.json',
        'acme-custom-inbound.cases.json',
        'acme-custom-inbound.webhook.json',
        'acme-custom.channel.json',
        'acme-custom.credentials.json',
        'acme-infobip-feedback.webhook.json',
        'acme-infobip-inbound.cases.json',
        'acme-infobip-inbound.webhook.json',
        'acme-infobip.channel.json',
        'acme-infobip.credentials.json',
        'acme-sinch-us-2.cases.json',
        'acme-sinch-us-2.channel.json',
        'acme-sinch-us-2.credentials.json',
        'acme-sinch-us-2.webhook.json',
        'acme-sinch-us.cases.json',
        'acme-sinch-us.channel.json',
        'acme-sinch-us.credentials.json',
        'acme-sinch-us.webhook.json',
      ].sort(),
    );
    for (const [index, bad] of BAD_ENTRIES.entries()) {
      const path = `/apiCredentials/${4 + index}${bad.path}`;
      const line = run.stderr.split('\n').find((text) => text.includes(`: ${path}: `));
      expect(line, `${path} in ${run.stderr}`).to.match(bad.message);
    }
    expect(run.stderr).to.include('5 of 11 entries migrated');

    const check = await optline(['check', out]);
    expect(check.status, check.stdout).to.equal(0);
    expect(check.stdout).not.to.match(/: error: /);
    expect(check.stderr).to.match(/7 rule file\(s\), (\d+) case\(s\) passed: 0 error\(s\)/);
    expect(Number(/(\d+) case\(s\) passed/.exec(check.stderr)?.[1])).to.be.greaterThan(30);
  });

  it('keeps the old behaviour: legacy defaults written out, custom keywords replacing them', async () => {
    await optline(['migrate', '--from', from, '--out', out]);
    const sinch = JSON.parse(readFileSync(join(out, 'acme-sinch-us.webhook.json'), 'utf8')) as {
      keywords: Record<string, { keywords: string[]; reply?: string }>;
    };
    expect(sinch.keywords.optIn?.keywords).to.deep.equal([
      'SUBSCRIBE',
      'YES',
      'UNSTOP',
      'START',
      'CONTINUE',
      'RESUME',
      'BEGIN',
    ]);
    expect(sinch.keywords.help?.keywords).to.deep.equal(['HELP']);
    for (const expected of OLD_BEHAVIOUR) {
      const definition = await loadRuleFile(join(out, `${expected.webhook}.webhook.json`));
      const decision = await definition.classifier!.classify(expected.text);
      expect(decision.category, `${expected.text} on ${expected.webhook}`).to.equal(expected.category);
    }
    const optOut = await (await loadRuleFile(join(out, 'acme-sinch-us.webhook.json'))).classifier!.classify('STOP');
    expect(optOut.reply, 'a legacy message is plain text, braces and all').to.equal(
      'ACME: you are out. Reply {{START}} to come back.',
    );
  });

  it('never writes or prints a secret, names the variable to set, and lists the differences from the defaults', async () => {
    const run = await optline(['migrate', '--from', from, '--out', out]);
    const written = Object.values(snapshot()).join('\n');
    for (const secret of LEGACY_SECRETS) {
      expect(written).not.to.include(secret);
      expect(run.stdout + run.stderr).not.to.include(secret);
    }
    const credentials = JSON.parse(readFileSync(join(out, 'acme-sinch-us.credentials.json'), 'utf8')) as unknown;
    expect(credentials).to.deep.equal({
      name: 'acme-sinch-us',
      vendor: 'sinch',
      baseUrl: 'https://us.sms.api.sinch.com',
      accountId: 'acme-plan',
      secretEnv: 'ACME_SINCH_US_API_TOKEN',
      options: {},
    });
    expect(run.stdout).to.include('set ACME_SINCH_US_API_TOKEN to the Sinch API token of "ACME Sinch (US)"');
    expect(run.stdout).to.include('set ACME_INFOBIP_API_KEY');
    expect(run.stdout).to.include('Opt-In keywords add START to the webhook defaults');
    expect(run.stdout).to.include('Help keywords leave out the webhook default(s) Info, Information');
    expect(run.stdout).to.match(
      /warning: acme-custom-inbound and acme-custom-feedback read callbacks with payload-template stubs/,
    );
    expect(JSON.parse(readFileSync(join(out, 'acme-sinch-us-2.channel.json'), 'utf8'))).to.deep.equal({
      name: 'acme-sinch-us-2',
      credentials: 'acme-sinch-us-2',
      senderNumbers: ['+15550206'],
    });
  });

  it('changes nothing when run twice, and overwrites a file that differs only with --force', async () => {
    await optline(['migrate', '--from', from, '--out', out]);
    const first = snapshot();
    const again = await optline(['migrate', '--from', from, '--out', out]);
    expect(again.stdout.match(/: unchanged$/gm)).to.have.length(5);
    expect(snapshot()).to.deep.equal(first);

    const edited = join(out, 'acme-infobip-inbound.webhook.json');
    writeFileSync(edited, first['acme-infobip-inbound.webhook.json']!.replace('"1.0.0"', '"1.1.0"'));
    const refused = await optline(['migrate', '--from', from, '--out', out]);
    expect(refused.status).to.equal(1);
    expect(refused.stderr).to.include(`/apiCredentials/2: ${edited} exists and differs; --force overwrites it`);
    expect(readFileSync(edited, 'utf8')).to.include('"1.1.0"');
    const forced = await optline(['migrate', '--from', from, '--out', out, '--force']);
    expect(forced.stdout).to.include('wrote acme-infobip-inbound.webhook.json');
    expect(snapshot()).to.deep.equal(first);
  });

  it('writes nothing on a dry run, and takes the Sinch region from --sinch-region', async () => {
    const dry = await optline(['migrate', '--from', from, '--out', out, '--dry-run', '--sinch-region', 'eu']);
    expect(dry.stdout).to.include('would write acme-sinch-us.credentials.json');
    expect(existsSync(out)).to.equal(false);
    await optline(['migrate', '--from', from, '--out', out, '--sinch-region', 'eu']);
    expect(JSON.parse(readFileSync(join(out, 'acme-sinch-us.credentials.json'), 'utf8'))).to.include({
      baseUrl: 'https://eu.sms.api.sinch.com',
    });
  });

  it('bounds the export before the work: file size and entry count', async () => {
    writeFileSync(from, JSON.stringify({ apiCredentials: Array.from({ length: MAX_ENTRIES + 1 }, () => ({})) }));
    const many = await optline(['migrate', '--from', from, '--out', out]);
    expect(many.status).to.equal(1);
    expect(many.stderr).to.match(/\/apiCredentials: .*500/);
    writeFileSync(from, ' '.repeat(MAX_EXPORT_BYTES + 1));
    const large = await optline(['migrate', '--from', from, '--out', out]);
    expect(large.status).to.equal(1);
    expect(large.stderr).to.include(`an export may have at most ${MAX_EXPORT_BYTES}`);
    expect(existsSync(out)).to.equal(false);
  });
});
