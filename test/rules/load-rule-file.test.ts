import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuleFile, loadRulesDir, loadRuleText, TWILIO_REFUSAL } from '../../src/rules/load-rule-file.ts';
import { RuleFileError, type RuleFileProblem } from '../../src/rules/rule-file-error.ts';
import { REPO_DIR } from '../support/corpus.ts';
import { minimalRuleFile, tempDir, writeRuleFile } from './rule-file-fixture.ts';

async function problemsOf(load: Promise<unknown>): Promise<RuleFileProblem[]> {
  try {
    await load;
  } catch (error) {
    if (error instanceof RuleFileError) return error.problems;
    throw error;
  }
  throw new Error('expected the rule file to be refused');
}

describe('loadRuleFile', () => {
  it('applies the defaults to a minimal file: default keywords, sender scope, 30-day double opt-in expiry', async () => {
    const path = writeRuleFile(tempDir(), 'acme.webhook.json', minimalRuleFile());
    const definition = await loadRuleFile(path);
    expect(definition).to.include({
      id: 'acme',
      vendor: 'sinch',
      type: null,
      consentScope: 'sender',
      doubleOptInExpiresAfterDays: 30,
      file: path,
      verify: null,
    });
    expect(definition.contentHash).to.equal(createHash('sha256').update(readFileSync(path)).digest('hex'));
    const classifier = definition.classifier;
    if (classifier === null) throw new Error('an inbound rule file has a classifier');
    const decisions = await Promise.all(
      ['STOP', 'yes', 'info', 'join', 'stpo'].map((text) => classifier.classify(text)),
    );
    expect(decisions.map((decision) => decision.category)).to.deep.equal([
      'opt-out',
      'opt-in',
      'help',
      'default',
      'fuzzy-opt-out',
    ]);
  });

  it('lists every problem with file, JSON pointer, line and column', async () => {
    const text = [
      '{',
      '  "id": "Acme Marketing",',
      '  "name": "ACME",',
      '  "version": "1.0",',
      '  "vendor": "sinch",',
      '  "credentials": "acme",',
      '  "senderNumber": "+15550100",',
      '  "keywords": { "optIn": { "keywords": ["Yes"], "replyy": "hi" } }',
      '}',
    ].join('\n');
    const problems = await problemsOf(loadRuleText(text, 'rules/acme.webhook.json'));
    expect(problems.map(({ pointer, line, column }) => ({ pointer, line, column }))).to.deep.equal([
      { pointer: '/id', line: 2, column: 9 },
      { pointer: '/version', line: 4, column: 14 },
      { pointer: '/keywords/optIn/replyy', line: 8, column: 49 },
    ]);
    expect(
      problems.every((problem) => problem.file === 'rules/acme.webhook.json' && problem.severity === 'error'),
    ).to.equal(true);
    expect(problems[2]?.message).to.equal('unknown property "replyy"');
  });

  it('reports invalid JSON where it is, and duplicate properties', async () => {
    const broken = await problemsOf(loadRuleText('{\n  "id": "acme",\n  "name": ,\n}', 'x.webhook.json'));
    expect(broken[0]).to.include({ line: 3, pointer: '' });
    expect(broken[0]?.message).to.match(/^invalid JSON/);
    const duplicate = await problemsOf(loadRuleText('{"id": "a", "id": "b"}', 'x.webhook.json'));
    expect(duplicate[0]).to.include({ pointer: '/id', message: 'duplicate property "id"', line: 1, column: 13 });
  });

  it('refuses Twilio with the agreed sentence', async () => {
    const problems = await problemsOf(
      loadRuleText(JSON.stringify(minimalRuleFile({ vendor: 'twilio' })), 'x.webhook.json'),
    );
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include({ pointer: '/vendor', message: TWILIO_REFUSAL });
    expect(TWILIO_REFUSAL).to.equal(
      'webhooks are not available for Twilio; inbound and feedback data collection is not supported',
    );
  });

  it('refuses a keyword that is in two categories once normalised, naming both', async () => {
    const file = minimalRuleFile({
      keywords: { optIn: { keywords: ['Yes', 'Stop!'] }, optOut: { keywords: ['STOP', 'Quit'] } },
    });
    const problems = await problemsOf(loadRuleText(JSON.stringify(file, null, 2), 'x.webhook.json'));
    expect(problems).to.have.length(1);
    expect(problems[0]?.pointer).to.equal('/keywords/optIn/keywords/1');
    expect(problems[0]?.message).to.equal(
      'keyword "Stop!" is also listed under opt-out ("STOP"): both read "stop" once normalised',
    );
  });

  it('refuses unknown reply variables at load time, and accepts declared and built-in ones', async () => {
    const bad = minimalRuleFile({
      variables: { brand: 'ACME' },
      keywords: { help: { keywords: ['Help'], reply: '{{brnad}} help' } },
      defaultReply: '{{#each x}}{{/each}}',
    });
    const problems = await problemsOf(loadRuleText(JSON.stringify(bad, null, 2), 'x.webhook.json'));
    expect(problems.map((problem) => problem.pointer)).to.deep.equal(['/keywords/help/reply', '/defaultReply']);
    expect(problems[0]?.message).to.match(/^unknown variable \{\{brnad\}\}/);

    const good = minimalRuleFile({
      variables: { brand: 'A&B' },
      keywords: {
        help: { keywords: ['Help'], reply: '{{brand}}: {{keyword}} from {{profileNumber}} to {{senderNumber}}' },
      },
    });
    const definition = await loadRuleText(JSON.stringify(good), 'x.webhook.json');
    const decision = await definition.classifier?.classify('HELP', { profileNumber: '+15557654321' });
    expect(decision?.reply).to.equal('A&B: help from +15557654321 to +15550100');
  });

  it('checks vendor, type and payload together', async () => {
    const sinchWithType = await problemsOf(
      loadRuleText(JSON.stringify(minimalRuleFile({ type: 'inbound' })), 'x.webhook.json'),
    );
    expect(sinchWithType[0]).to.include({ pointer: '/type', message: '"type" is not allowed for vendor "sinch"' });
    const infobipWithoutType = await problemsOf(
      loadRuleText(JSON.stringify(minimalRuleFile({ vendor: 'infobip' })), 'x.webhook.json'),
    );
    expect(infobipWithoutType[0]).to.include({ pointer: '', message: 'missing required property "type"' });
    const customWithoutPayload = await problemsOf(
      loadRuleText(JSON.stringify(minimalRuleFile({ vendor: 'custom', type: 'inbound' })), 'x.webhook.json'),
    );
    expect(customWithoutPayload[0]?.message).to.contain('exactly one payload template');
    const feedbackWithKeywords = await problemsOf(
      loadRuleText(
        JSON.stringify(minimalRuleFile({ vendor: 'infobip', type: 'feedback', keywords: {} })),
        'x.webhook.json',
      ),
    );
    expect(feedbackWithKeywords[0]).to.include({ pointer: '/keywords' });
  });

  it('gives a feedback webhook no classifier, and a custom one its payload template', async () => {
    const dir = tempDir();
    const template = readFileSync(join(REPO_DIR, 'rules', 'vonage.feedback.template.json'), 'utf8');
    writeRuleFile(dir, 'vonage.feedback.template.json', template);
    const path = writeRuleFile(
      dir,
      'acme.webhook.json',
      minimalRuleFile({ vendor: 'custom', type: 'feedback', payloadFile: 'vonage.feedback.template.json' }),
    );
    const definition = await loadRuleFile(path);
    expect(definition.classifier).to.equal(null);
    expect(definition.payloadTemplate).to.deep.equal({
      text: template,
      source: join(dir, 'vonage.feedback.template.json'),
    });

    const payload = {
      msisdn: '{{profileNumber}}',
      to: '{{inboundNumber}}',
      id: '{{requestId}}',
      text: '{{inboundMessage}}',
      at: '{{originTimestamp}}',
    };
    const inline = await loadRuleText(
      JSON.stringify(minimalRuleFile({ vendor: 'custom', type: 'inbound', payload })),
      'y.webhook.json',
    );
    expect(inline.payloadTemplate?.source).to.equal('y.webhook.json#/payload');
    expect(await inline.classifier?.classify('STOP')).to.include({ category: 'opt-out' });
  });

  describe('credentials and sender number', () => {
    const minimalFeedback = (overrides: Record<string, unknown> = {}) =>
      JSON.stringify(
        { id: 'dlr', name: 'DLR', version: '1.0.0', vendor: 'infobip', type: 'feedback', ...overrides },
        null,
        2,
      );

    it('loads a feedback webhook that names neither, Infobip or Custom with only its payload template', async () => {
      const infobip = await loadRuleText(minimalFeedback(), 'dlr.webhook.json');
      expect(infobip).to.include({ credentials: null, senderNumber: null, classifier: null, type: 'feedback' });
      const template = JSON.parse(readFileSync(join(REPO_DIR, 'rules', 'telnyx.feedback.template.json'), 'utf8'));
      const custom = await loadRuleText(minimalFeedback({ vendor: 'custom', payload: template }), 'dlr.webhook.json');
      expect(custom).to.include({ credentials: null, senderNumber: null, vendor: 'custom' });
      expect(custom.payloadTemplate?.source).to.equal('dlr.webhook.json#/payload');
    });

    it('refuses one of the two without the other, at the one that is there', async () => {
      const text = minimalFeedback({ credentials: 'acme' });
      const problems = await problemsOf(loadRuleText(text, 'dlr.webhook.json'));
      expect(problems.map(({ pointer, line, column, message }) => ({ pointer, line, column, message }))).to.deep.equal([
        {
          pointer: '/credentials',
          line: 7,
          column: 3,
          message:
            '"credentials" needs "senderNumber" beside it (the number people text); a feedback webhook may name neither',
        },
      ]);
      const numberAlone = await problemsOf(loadRuleText(minimalFeedback({ senderNumber: '+15550100' }), 'x.json'));
      expect(numberAlone.map(({ pointer, message }) => ({ pointer, message }))).to.deep.equal([
        {
          pointer: '/senderNumber',
          message:
            '"senderNumber" needs "credentials" beside it (the credentials its replies are sent with); a feedback webhook may name neither',
        },
      ]);
    });

    it('refuses an inbound webhook (or a Sinch one, inbound and feedback) without them, saying why', async () => {
      const text = minimalFeedback({ type: 'inbound' });
      const problems = await problemsOf(loadRuleText(text, 'in.webhook.json'));
      expect(
        problems.map(({ file, pointer, line, column, message }) => ({ file, pointer, line, column, message })),
      ).to.deep.equal([
        {
          file: 'in.webhook.json',
          pointer: '',
          line: 1,
          column: 1,
          message:
            'missing required property "credentials": a webhook that takes inbound messages names the credentials its replies are sent with (only a feedback webhook may leave out "credentials" and "senderNumber")',
        },
        {
          file: 'in.webhook.json',
          pointer: '',
          line: 1,
          column: 1,
          message:
            'missing required property "senderNumber": a webhook that takes inbound messages names the number people text (only a feedback webhook may leave out "credentials" and "senderNumber")',
        },
      ]);
      const { senderNumber: _number, ...sinch } = minimalRuleFile();
      const sinchProblems = await problemsOf(loadRuleText(JSON.stringify(sinch, null, 2), 'x.webhook.json'));
      expect(sinchProblems.map(({ pointer, message }) => ({ pointer, message }))).to.deep.equal([
        {
          pointer: '/credentials',
          message:
            '"credentials" needs "senderNumber" beside it (the number people text); a feedback webhook may name neither',
        },
      ]);
    });
  });

  it('reads sns.autoConfirm on a custom webhook (default off) and refuses sns on a native vendor', async () => {
    const payload = {
      text: '{{inboundMessage}}',
      from: '{{profileNumber}}',
      to: '{{inboundNumber}}',
      id: '{{requestId}}',
      at: '{{originTimestamp}}',
    };
    const custom = (extra: Record<string, unknown>) =>
      loadRuleText(
        JSON.stringify(minimalRuleFile({ vendor: 'custom', type: 'inbound', payload, ...extra })),
        'c.webhook.json',
      );
    expect((await custom({})).sns).to.deep.equal({ autoConfirm: false });
    expect((await custom({ sns: { autoConfirm: true } })).sns).to.deep.equal({ autoConfirm: true });
    const onSinch = await problemsOf(
      loadRuleText(JSON.stringify(minimalRuleFile({ sns: { autoConfirm: true } })), 's.webhook.json'),
    );
    expect(onSinch.map((problem) => problem.pointer)).to.include('/sns');
    const misspelt = await problemsOf(custom({ sns: { autoconfirm: true } }));
    expect(misspelt.map((problem) => problem.pointer)).to.include('/sns/autoconfirm');
  });

  it('loads a template that leaves out {{failureCode}} with a warning in the template file, as loading a directory reports', async () => {
    const dir = tempDir();
    writeRuleFile(
      dir,
      'grid.template.json',
      '{\n  "status": "{{feedbackStatus}}",\n  "ref": "{{client_reference}}"\n}\n',
    );
    writeRuleFile(
      dir,
      'acme.webhook.json',
      minimalRuleFile({ vendor: 'custom', type: 'feedback', payloadFile: 'grid.template.json' }),
    );
    const { definitions, problems } = await loadRulesDir(dir);
    expect(definitions).to.have.length(1);
    expect(problems).to.deep.equal([
      {
        file: join(dir, 'grid.template.json'),
        pointer: '',
        line: 1,
        column: 1,
        message: 'payload template: the template does not place {{failureCode}}: every status has a null code',
        severity: 'warning',
      },
    ]);
  });

  it('a statusMap maps to canonical statuses only, refused at its line otherwise, and on custom feedback webhooks only', async () => {
    const feedback = (statusMap: unknown) =>
      JSON.stringify(
        minimalRuleFile({
          vendor: 'custom',
          type: 'feedback',
          payload: { ref: '{{client_reference}}', status: '{{feedbackStatus}}', code: '{{failureCode}}' },
          statusMap,
        }),
        null,
        2,
      );
    const loaded = await loadRuleText(feedback({ DeliveredToHandset: 'delivered' }), 'g.webhook.json');
    expect(loaded.statusMap).to.deep.equal({ DeliveredToHandset: 'delivered' });
    const wrong = await problemsOf(loadRuleText(feedback({ ok: 'delivered', gone: 'lost' }), 'g.webhook.json'));
    expect(wrong).to.have.length(1);
    expect(wrong[0]).to.include({ pointer: '/statusMap/gone', line: 16 });
    expect(wrong[0]?.message).to.include('must be one of').and.include('"delivered"');
    const onSinch = await problemsOf(
      loadRuleText(JSON.stringify(minimalRuleFile({ statusMap: { ok: 'delivered' } })), 's.webhook.json'),
    );
    expect(onSinch.map((problem) => problem.pointer)).to.deep.equal(['/statusMap']);
  });

  it('reports payload template errors in the template file, or at /payload for an inline template', async () => {
    const dir = tempDir();
    writeRuleFile(
      dir,
      'broken.template.json',
      '{\n  "status": "{{feedbackStatus}}",\n  "code": "{{failureCode}}"\n}\n',
    );
    const path = writeRuleFile(
      dir,
      'acme.webhook.json',
      minimalRuleFile({ vendor: 'custom', type: 'feedback', payloadFile: 'broken.template.json' }),
    );
    const fromFile = await problemsOf(loadRuleFile(path));
    expect(fromFile.map((problem) => problem.file)).to.deep.equal([join(dir, 'broken.template.json')]);
    expect(fromFile[0]?.message).to.contain('{{client_reference}}');

    const text = JSON.stringify(
      minimalRuleFile({ vendor: 'custom', type: 'inbound', payload: { text: '{{inboundMessage}}' } }),
      null,
      2,
    );
    const inline = await problemsOf(loadRuleText(text, 'y.webhook.json'));
    expect(inline.length).to.be.greaterThan(0);
    expect(
      inline.every(
        (problem) => problem.file === 'y.webhook.json' && problem.pointer === '/payload' && problem.line === 9,
      ),
    ).to.equal(true);
  });

  it('loads a directory, keeping good files and collecting the problems of bad ones', async () => {
    const dir = tempDir();
    writeRuleFile(dir, 'a.webhook.json', minimalRuleFile({ id: 'a' }));
    writeRuleFile(dir, 'b.webhook.json', minimalRuleFile({ id: 'b', vendor: 'twilio' }));
    writeRuleFile(dir, 'c.webhook.json', minimalRuleFile({ id: 'a' }));
    writeRuleFile(dir, 'notes.json', { unrelated: true });
    const { definitions, problems } = await loadRulesDir(dir);
    expect(definitions.map((definition) => definition.id)).to.deep.equal(['a']);
    expect(problems.map((problem) => problem.message)).to.deep.equal([
      TWILIO_REFUSAL,
      `id "a" is already used by ${dir}/a.webhook.json`,
    ]);
  });
});
