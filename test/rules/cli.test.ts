import { expect } from 'chai';
import { optline } from '../support/optline-cli.ts';
import { minimalRuleFile, tempDir, writeRuleFile } from './rule-file-fixture.ts';

const SINCH = 'rules/acme-sinch.webhook.json';

const lines = (stdout: string): Array<Record<string, unknown>> =>
  stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('optline rule commands', function () {
  it('classify prints one JSON object per text argument, in order', async () => {
    const { stdout, status } = await optline(['classify', '--rules', SINCH, 'STOP', 'stpo', 'hello']);
    expect(status).to.equal(0);
    expect(lines(stdout).map(({ text, category, keyword, rule }) => ({ text, category, keyword, rule }))).to.deep.equal(
      [
        { text: 'STOP', category: 'opt-out', keyword: 'stop', rule: 'exact' },
        { text: 'stpo', category: 'fuzzy-opt-out', keyword: 'stop', rule: 'F1-near-miss:stop' },
        { text: 'hello', category: 'default', keyword: null, rule: 'none' },
      ],
    );
  });

  it('classify names the revocation phrase, the words that matched it and the score of an F4 decision', async () => {
    const { stdout } = await optline(['classify', '--rules', SINCH, 'pls leav me alone']);
    expect(lines(stdout)[0]).to.deep.include({
      category: 'fuzzy-opt-out',
      keyword: 'leave me alone',
      rule: 'F4-phrase:leave me alone',
      phrase: { phrase: 'leave me alone', words: 'leav me alone', score: 0.077 },
    });
  });

  it('classify reads one message per stdin line, and --jsonl objects whose texts hold newlines', async () => {
    const plain = await optline(['classify', '--rules', SINCH], 'yes\r\n\nHELP\n');
    expect(lines(plain.stdout).map((decision) => [decision.text, decision.category])).to.deep.equal([
      ['yes', 'opt-in'],
      ['', 'default'],
      ['HELP', 'help'],
    ]);
    const jsonl = await optline(
      ['classify', '--jsonl', '--rules', SINCH],
      '{"text":"two\\nlines stop"}\n{"text":"JOIN"}\n',
    );
    expect(lines(jsonl.stdout).map((decision) => [decision.text, decision.category])).to.deep.equal([
      ['two\nlines stop', 'fuzzy-opt-out'],
      ['JOIN', 'double-opt-in'],
    ]);
  });

  it('classify exits 2 on a malformed --jsonl line and 1 on an invalid rule file', async () => {
    expect((await optline(['classify', '--jsonl', '--rules', SINCH], 'not json\n')).status).to.equal(2);
    const bad = writeRuleFile(tempDir(), 'bad.webhook.json', minimalRuleFile({ vendor: 'twilio' }));
    const result = await optline(['classify', '--rules', bad, 'STOP']);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.contain(`${bad}:5:13: error: webhooks are not available for Twilio`);
  });

  it('explain shows the rule, the near-miss and the engine conditions', async () => {
    const { stdout, status } = await optline(['explain', '--rules', SINCH, 'Unsubscibe!']);
    expect(status).to.equal(0);
    expect(stdout).to.contain('category:    fuzzy-opt-out');
    expect(stdout).to.contain('near-miss:   "unsubscibe" ~ "unsubscribe" by deletion');
    expect(stdout).to.contain('F1-compact (compactMatchesOptOut): true');
  });

  it('check passes on rules/ and exits 1 listing every error of a broken file', async () => {
    // With the secrets of rules/ credentials files set: without them, check warns that replies cannot be sent.
    const secrets = {
      ACME_INFOBIP_API_KEY: 'k',
      ACME_SINCH_CONVERSATION_TOKEN: 't',
      ACME_SINCH_API_TOKEN: 't',
      ACME_TELNYX_API_KEY: 'k',
      ACME_VONAGE_API_SECRET: 's',
    };
    const good = await optline(['check'], undefined, secrets);
    expect(good.status).to.equal(0);
    expect(good.stdout).to.equal('');
    const dir = tempDir();
    writeRuleFile(
      dir,
      'acme.webhook.json',
      minimalRuleFile({
        version: 'one',
        senderNumber: 'ACME',
        keywords: { help: { keywords: ['Help'], reply: '{{nope}}' } },
      }),
    );
    const bad = await optline(['check', dir]);
    expect(bad.status).to.equal(1);
    const problems = bad.stdout.trimEnd().split('\n');
    expect(problems).to.deep.equal([
      `${dir}/acme.webhook.json:4:14: error: must be a semantic version such as "1.0.0"`,
      `${dir}/acme.webhook.json:7:19: error: must be an E.164 number ("+15550100") or a short code ("12345")`,
    ]);
  });

  it('check exits 2 for a path that does not exist', async () => {
    expect((await optline(['check', 'no/such/dir'])).status).to.equal(2);
  });

  it('rules compile prints the json-rules-engine rules, keyword lists included', async () => {
    const { stdout, status } = await optline(['rules', 'compile', SINCH]);
    expect(status).to.equal(0);
    const rules = JSON.parse(stdout) as Array<{
      name: string;
      conditions: { all?: Array<{ value: Record<string, string> }> };
    }>;
    expect(rules.map((rule) => rule.name)).to.deep.equal(['exact-keyword', 'fuzzy-opt-out']);
    expect(rules[0]?.conditions.all?.[0]?.value['opt-out']).to.equal(
      'stop|stop all|stopall|quit|cancel|end|unsubscribe|revoke|opt out|optout|arret',
    );
  });
});
