import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { lintDefinition } from '../../src/rules/lint-rule-file.ts';
import { loadRuleFile } from '../../src/rules/load-rule-file.ts';
import { minimalRuleFile, tempDir, writeRuleFile } from './rule-file-fixture.ts';

async function lint(content: Record<string, unknown>) {
  const path = writeRuleFile(tempDir(), `${String(content.id)}.webhook.json`, content);
  return lintDefinition(await loadRuleFile(path), readFileSync(path, 'utf8'), path);
}

const COMPLETE = {
  optIn: { keywords: ['Start', 'Yes'], reply: 'Subscribed.' },
  optOut: {
    keywords: ['Stop', 'End', 'Cancel', 'Unsubscribe', 'Quit', 'Revoke', 'OptOut', 'StopAll', 'Arret'],
    reply: 'Unsubscribed.',
  },
  help: { keywords: ['Help', 'Aide'], reply: 'ACME: reply STOP to unsubscribe.' },
};

describe('rule file lint', () => {
  it('is silent on a file with every carrier, FCC and Canadian word and short replies', async () => {
    expect(await lint(minimalRuleFile({ keywords: COMPLETE }))).to.deep.equal([]);
  });

  it('warns about the defaults: missing FCC words, START, ARRET/AIDE, and NO as opt-out', async () => {
    const messages = (await lint(minimalRuleFile())).map((problem) => `${problem.severity}: ${problem.message}`);
    expect(messages).to.deep.equal([
      'warning: opt-out keywords lack the FCC revocation word(s) REVOKE, OPTOUT, STOPALL: they only get the fuzzy reply and nobody is opted out',
      'warning: START is not an opt-in keyword: US carriers and subscribers use it to opt back in',
      'warning: opt-out keywords lack ARRET, required for Canadian (CWTA) numbers',
      'warning: help keywords lack AIDE, required for Canadian (CWTA) numbers',
      'warning: "No" as an opt-out keyword opts out everyone who answers a question with a plain "no"',
    ]);
  });

  it('warns about missing US carrier words and HELP, at the list that lacks them', async () => {
    const problems = await lint(
      minimalRuleFile({
        keywords: {
          ...COMPLETE,
          optOut: { keywords: ['Stop', 'Revoke', 'OptOut', 'StopAll', 'Arret'] },
          help: { keywords: ['Aide'], reply: 'x' },
        },
      }),
    );
    expect(problems.map((problem) => [problem.pointer, problem.message])).to.deep.include.members([
      ['/keywords/optOut/keywords', 'opt-out keywords lack the US carrier keyword(s) END, CANCEL, UNSUBSCRIBE, QUIT'],
      ['/keywords/help/keywords', 'help keywords lack HELP, which US carriers require'],
    ]);
  });

  it('warns about a reply over one segment, GSM-7 at 160 (extension characters count twice) and UCS-2 at 70, with variables filled in', async () => {
    const gsm160 = 'x'.repeat(160);
    const problems = await lint(
      minimalRuleFile({
        variables: { brand: 'B'.repeat(10) },
        keywords: {
          ...COMPLETE,
          optIn: { keywords: ['Start'], reply: gsm160 },
          help: { ...COMPLETE.help, reply: `{${'x'.repeat(157)}}` },
          optOut: { ...COMPLETE.optOut, reply: `{{brand}}${'x'.repeat(151)}` },
        },
        defaultReply: `Привет ${'п'.repeat(64)}`,
      }),
    );
    expect(problems.map((problem) => [problem.pointer, problem.message])).to.deep.equal([
      ['/keywords/optOut/reply', 'reply is 161 GSM-7 characters, over one SMS segment (160): it is sent as 2 segments'],
      ['/keywords/help/reply', 'reply is 161 GSM-7 characters, over one SMS segment (160): it is sent as 2 segments'],
      ['/defaultReply', 'reply is 71 UCS-2 characters, over one SMS segment (70): it is sent as 2 segments'],
    ]);
  });

  it('warns about an empty Help reply', async () => {
    const problems = await lint(
      minimalRuleFile({ keywords: { ...COMPLETE, help: { keywords: ['Help', 'Aide'], reply: ' ' } } }),
    );
    expect(problems.map((problem) => [problem.pointer, problem.severity])).to.deep.equal([
      ['/keywords/help/reply', 'warning'],
    ]);
  });
});
