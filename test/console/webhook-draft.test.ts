// The Create/Edit webhook form's rule file (src/console/webhook-draft.ts): what the form holds becomes a rule
// file the service's own loader accepts, and an edit keeps what the form does not show.
import { expect } from 'chai';
import { lineDiff } from '../../src/console/line-diff.ts';
import { loadRuleText } from '../../src/rules/load-rule-file.ts';
import {
  draftOf,
  fieldOfProblem,
  newDraft,
  ruleFileOf,
  templateValue,
  type WebhookDraft,
} from '../../src/console/webhook-draft.ts';

function ruleFile(draft: WebhookDraft): Record<string, unknown> {
  const result = ruleFileOf(draft);
  if (!result.ok) return expect.fail(`${result.path}: ${result.message}`);
  return JSON.parse(result.text) as Record<string, unknown>;
}

const sinchDraft = (): WebhookDraft => ({
  ...newDraft(),
  name: 'Walk Sinch line',
  credentials: 'walk-sinch',
  senderNumber: '+15550100',
});

describe('webhook drafts (the form behind Create/Edit webhook)', () => {
  it("pre-fills the issue's default keywords, and a new draft is a rule file the loader accepts", async () => {
    const draft = sinchDraft();
    expect(draft.keywords.optOut).to.deep.equal(['Stop', 'Quit', 'Cancel', 'End', 'Unsubscribe', 'No']);
    expect(draft.keywords.optIn).to.deep.equal(['Subscribe', 'Yes', 'Unstop', 'Continue', 'Resume', 'Begin']);
    expect(draft.keywords.help).to.deep.equal(['Help', 'Info', 'Information']);
    const result = ruleFileOf(draft);
    if (!result.ok) return expect.fail(result.message);
    const definition = await loadRuleText(result.text, 'walk-sinch-line.webhook.json');
    expect(definition.id).to.equal('walk-sinch-line');
    expect(definition.version).to.equal('1.0.0');
  });

  it('writes the chips of each category, the fuzzy switch and the replies', () => {
    const draft = sinchDraft();
    draft.keywords.optOut = ['Stop', 'Halt'];
    draft.replies.optOut = 'Bye.';
    draft.fuzzyEnabled = false;
    draft.keywords.custom = ['Promo'];
    draft.defaultReply = 'Reply STOP to stop.';
    const file = ruleFile(draft);
    expect(file.type, 'Sinch carries inbound and feedback on one URL').to.equal(undefined);
    expect(file.keywords).to.deep.include({
      optOut: { keywords: ['Stop', 'Halt'], reply: 'Bye.', fuzzy: { enabled: false } },
      custom: { keyword: 'Promo' },
    });
    expect(file.defaultReply).to.equal('Reply STOP to stop.');
  });

  it('writes no keywords and no default reply for a feedback webhook, and credentials only when chosen', () => {
    const file = ruleFile({ ...newDraft(), name: 'Reports', vendor: 'infobip', type: 'feedback', defaultReply: 'x' });
    expect(file).to.deep.equal({
      id: 'reports',
      name: 'Reports',
      version: '1.0.0',
      vendor: 'infobip',
      type: 'feedback',
    });
  });

  it('keeps on edit what the form does not show, and bumps the version', () => {
    const stored = {
      id: 'acme',
      name: 'ACME',
      version: '1.2.3',
      vendor: 'sinch',
      credentials: 'acme-sinch',
      senderNumber: '+15550100',
      verify: { sinchSignature: { secretEnv: 'ACME_SECRET' } },
      variables: { brand: 'ACME' },
      keywords: { doubleOptIn: { keywords: ['Join'], expiresAfterDays: 10 }, optOut: { keywords: ['Stop'] } },
    };
    const draft = draftOf(JSON.stringify(stored));
    draft.name = 'ACME line';
    const file = ruleFile(draft);
    expect(file).to.deep.include({ id: 'acme', name: 'ACME line', version: '1.2.4', variables: { brand: 'ACME' } });
    expect(file.verify).to.deep.equal(stored.verify);
    expect(file.keywords).to.deep.include({ doubleOptIn: { keywords: ['Join'], expiresAfterDays: 10 } });
  });

  it('saves an unchanged edit with every key in its place, so its revision diff is the version alone', () => {
    const stored = {
      id: 'acme',
      name: 'ACME',
      version: '1.0.0',
      vendor: 'infobip',
      type: 'inbound',
      credentials: 'acme-infobip',
      senderNumber: '+15550102',
      keywords: {
        optOut: { reply: 'Out.', keywords: ['Stop'], fuzzy: { reply: 'Near.', enabled: true, action: 'reply' } },
        optIn: { reply: 'In.', keywords: ['Start'] },
      },
      defaultReply: 'Default.',
      variables: { brand: 'ACME' },
    };
    const before = `${JSON.stringify(stored, null, 2)}\n`;
    const after = ruleFileOf(draftOf(before));
    if (!after.ok) return expect.fail(after.message);
    const changed = lineDiff(before, after.text).filter((line) => line.kind !== 'same');
    expect(changed).to.deep.equal([
      { kind: 'removed', text: '  "version": "1.0.0",' },
      { kind: 'added', text: '  "version": "1.0.1",' },
    ]);
  });

  it('reads a payload template with comments and bare placeholders as the JSON value a rule file holds', () => {
    const template =
      '{\n  // who sent it\n  "from": {{profileNumber}},\n  "text": "{{inboundMessage}}", "k": "a//b"\n}';
    expect(templateValue(template)).to.deep.equal({
      ok: true,
      value: { from: '{{profileNumber}}', text: '{{inboundMessage}}', k: 'a//b' },
    });
    expect(templateValue('{"from": {{profileNumber}')).to.deep.include({ ok: false });
  });

  it('puts each API problem next to the field its JSON pointer names', () => {
    expect(fieldOfProblem({ path: '/senderNumber', message: 'bad' })).to.equal('senderNumber');
    expect(fieldOfProblem({ path: '/keywords/optOut/keywords/1', message: 'conflict' })).to.equal('keywords.optOut');
    expect(fieldOfProblem({ path: '', message: 'missing required property "credentials"' })).to.equal('credentials');
    expect(fieldOfProblem({ path: '/payload', message: 'x' })).to.equal('payload');
    expect(fieldOfProblem({ path: '', message: 'something else' })).to.equal('form');
  });
});
