import { expect } from 'chai';
import { compileTemplate } from '../../src/template/compile-template.ts';
import { TemplateCompileError } from '../../src/template/template-compile-error.ts';
import type { TemplateProblem } from '../../src/template/template-problem.ts';

function problemsOf(text: string, options: Parameters<typeof compileTemplate>[1] = {}): TemplateProblem[] {
  try {
    compileTemplate(text, options);
  } catch (error) {
    if (error instanceof TemplateCompileError) return error.problems;
    throw error;
  }
  throw new Error('the template compiled');
}

const at = (problem: TemplateProblem | undefined) =>
  problem === undefined ? undefined : [problem.line, problem.column];

const VONAGE_INBOUND = `{
  "msisdn": "{{profileNumber}}",
  "to": "{{inboundNumber}}",
  "messageId": "{{requestId}}",
  "text": "{{inboundMessage}}",
  "message-timestamp": "{{originTimestamp}}"
}`;

describe('template compile errors', () => {
  it('an unknown placeholder names its line and column and suggests the closest name', () => {
    const [problem] = problemsOf(VONAGE_INBOUND.replace('{{profileNumber}}', '{{profileNumer}}'));
    expect(at(problem)).to.deep.equal([2, 14]);
    expect(problem?.message).to.equal('unknown placeholder {{profileNumer}}; did you mean {{profileNumber}}?');
    expect(problem?.found).to.equal('{{profileNumer}}');
    expect(problem?.expected).to.include('{{profileNumber}}');
  });

  it('a placeholder placed twice, also under an alias, is reported at the second place', () => {
    const problems = problemsOf(
      `{ "a": "{{client_reference}}", "b": "{{status}}", "c": "{{code}}", "d": "{{clientReference}}" }`,
    );
    expect(problems).to.have.length(1);
    expect(problems[0]?.message).to.match(
      /duplicate placeholder \{\{clientReference\}\} \(the same field as \{\{client_reference\}\}\): already placed at line 1, column 9/,
    );
    expect(at(problems[0])).to.deep.equal([1, 74]);
  });

  it('prototype keys are refused wherever they are', () => {
    const problems = problemsOf(`{
  "__proto__": { "x": 1 },
  "a": { "constructor": { "prototype": "{{code}}" } },
  "id": "{{client_reference}}", "s": "{{status}}"
}`);
    expect(problems.map((problem) => [problem.line, problem.column, problem.found])).to.deep.equal(
      [
        [2, 3, '"__proto__"'],
        [3, 27, '"prototype"'],
        [3, 10, '"constructor"'],
      ].sort((a, b) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1])),
    );
    expect(problems[0]?.message).to.include('prototype chain');
  });

  it('the hostile prototype-pollution template fails to compile with a clear error', () => {
    const text = JSON.stringify(
      {
        ['__proto__']: { inboundMessage: '{{inboundMessage}}' },
        constructor: { prototype: { profileNumber: '{{profileNumber}}' } },
        text: '{{inboundMessage}}',
      },
      null,
      2,
    );
    const problems = problemsOf(text);
    expect(problems.map((problem) => problem.message).join('\n')).to.include('"__proto__" is not allowed');
    expect(({} as Record<string, unknown>).inboundMessage).to.equal(undefined);
  });

  it('syntax errors say what was expected and what was found, several at once', () => {
    const problems = problemsOf(`{
  "msisdn" "{{profileNumber}}",
  "to": ,
  "messageId": "{{requestId}}"
}`);
    expect(problems.map((problem) => [problem.line, problem.column, problem.expected, problem.found])).to.deep.equal([
      [2, 12, "':'", "'\"'"],
      [3, 9, 'a value', "','"],
    ]);
    expect(problems[0]?.message).to.equal(`expected ':', found '"'`);
  });

  it('reports syntax and meaning errors together, sorted by position', () => {
    const problems = problemsOf(`{ "a": "{{requestid}}", "b" 1 }`, { kind: 'inbound' });
    expect(problems.map((problem) => problem.message)).to.deep.equal([
      'unknown placeholder {{requestid}}; did you mean {{requestId}}?',
      "expected ':', found '1'",
    ]);
  });

  it('an unterminated string and the end of the template are located', () => {
    const problems = problemsOf('{ "a": "open\n}');
    expect(problems[0]).to.include({ line: 1, column: 13 });
    expect(problems[0]?.message).to.include('unterminated string');
    expect(problems.at(-1)?.found).to.equal('the end of the template');
  });

  it('a placeholder must be a whole string value, never a key or part of a text', () => {
    const problems = problemsOf(`{ "{{requestId}}": 1, "b": "id-{{requestId}}" }`, { kind: 'inbound' });
    expect(problems.map((problem) => problem.message)).to.include.members([
      'a placeholder cannot be a key: placeholders stand for values',
      'a placeholder must be the whole string: write "{{requestId}}" with nothing else inside the quotes',
    ]);
  });

  it('a Custom template must place the required placeholders of its kind', () => {
    const problems = problemsOf(`{ "id": "{{requestId}}", "text": {{inboundMessage}} }`);
    expect(problems).to.have.length(1);
    expect(problems[0]?.message).to.equal(
      'missing {{profileNumber}}: a Custom inbound template must place all of ' +
        '{{inboundMessage}} {{profileNumber}} {{requestId}}',
    );
    expect(problemsOf(`{ "code": "{{failureCode}}", "status": "{{feedbackStatus}}" }`)[0]?.message).to.equal(
      'missing {{client_reference}}: a Custom feedback template must place all of {{client_reference}} {{feedbackStatus}}',
    );
  });

  it('{{json}} is a key that stands alone in its object, never a value', () => {
    const beside = problemsOf(`{ "Message": {\n  "{{json}}": { "id": "{{requestId}}" },\n  "x": 1 } }`, {
      kind: 'inbound',
    });
    expect(beside.map((problem) => [problem.line, problem.column, problem.message])).to.deep.include([
      2,
      3,
      '"{{json}}" must be the only key of its object: { "{{json}}": ... } stands for a string holding JSON',
    ]);
    const asValue = problemsOf(`{ "Message": "{{json}}", "id": "{{requestId}}" }`, { kind: 'inbound' });
    expect(asValue.map((problem) => problem.message)).to.include(
      '{{json}} is a key, not a value: write { "{{json}}": ... } for a string holding JSON',
    );
    const withText = problemsOf(`{ "Message": { "x{{json}}": 1 }, "id": "{{requestId}}" }`, { kind: 'inbound' });
    expect(withText.map((problem) => problem.message)).to.include(
      'a placeholder cannot be a key: placeholders stand for values',
    );
  });

  it('a Custom template without {{originTimestamp}}, {{inboundNumber}} or {{failureCode}} compiles with a warning each', () => {
    const inbound = compileTemplate(
      `{ "id": "{{requestId}}", "from": "{{profileNumber}}", "text": "{{inboundMessage}}" }`,
    );
    expect(inbound.warnings.map((warning) => [warning.line, warning.column, warning.message])).to.deep.equal([
      [1, 1, 'the template does not place {{originTimestamp}}: events take the time Optline received them'],
      [1, 1, "the template does not place {{inboundNumber}}: the webhook's senderNumber is taken as the number texted"],
    ]);
    const feedback = compileTemplate(`{ "ref": "{{client_reference}}", "status": "{{feedbackStatus}}" }`);
    expect(feedback.warnings.map((warning) => warning.message)).to.deep.equal([
      'the template does not place {{failureCode}}: every status has a null code',
    ]);
    const extraction = feedback.extract({ ref: 'r1', status: 'delivered' });
    expect(
      extraction.ok && extraction.extraction.kind === 'feedback' && extraction.extraction.events[0]?.statuses,
    ).to.deep.equal([{ code: null, status: 'delivered', canonical: 'delivered', final: true }]);
    expect(compileTemplate(VONAGE_INBOUND).warnings).to.deep.equal([]);
  });

  it('the kind cannot be inferred from mixed or missing placeholders, and a given kind refuses the other kind', () => {
    expect(problemsOf('{ "a": "{{requestId}}", "b": "{{failureCode}}" }')[0]?.message).to.include(
      'mixes inbound placeholders',
    );
    expect(problemsOf('{ "type": "mo_text" }')[0]?.message).to.include('no placeholder tells whether');
    const wrongKind = problemsOf(VONAGE_INBOUND.replace('{{requestId}}', '{{failureCode}}'), { kind: 'inbound' });
    expect(wrongKind.map((problem) => problem.message)).to.include(
      '{{failureCode}} is a feedback placeholder, but this is an inbound template',
    );
  });

  it('an array template holds exactly one element', () => {
    const problems = problemsOf(
      '{ "id": "{{client_reference}}", "s": [{ "status": "{{status}}" }, 2], "c": "{{code}}" }',
    );
    expect(problems[0]).to.include({ line: 1, column: 67 });
    expect(problems[0]?.message).to.include('holds one element');
  });

  it('a template nested too deeply is refused before parsing', () => {
    const problems = problemsOf(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`);
    expect(problems[0]?.message).to.equal('the template nests deeper than 64 levels');
  });

  it('the error message lists every problem as source:line:column: message', () => {
    try {
      compileTemplate('{ "a": "{{nope}}", "b": "{{nope2}}" }', { source: 'acme.template.json', kind: 'feedback' });
      expect.fail('compiled');
    } catch (error) {
      expect(error).to.be.instanceOf(TemplateCompileError);
      const lines = (error as Error).message.split('\n');
      expect(lines).to.have.length(3);
      expect(lines[0]).to.match(/^acme\.template\.json:1:1: missing \{\{client_reference\}\} \{\{feedbackStatus\}\}:/);
      expect(lines[1]).to.match(
        /^acme\.template\.json:1:9: unknown placeholder \{\{nope\}\}; did you mean \{\{code\}\}\?$/,
      );
      expect(lines[2]).to.match(/^acme\.template\.json:1:26: unknown placeholder \{\{nope2\}\}$/);
    }
  });

  it('comments, bare placeholders and escapes are accepted', () => {
    const template = compileTemplate(`// Acme SMS, inbound webhook
{
  "from": {{profileNumber}}, // bare placeholder
  "to": "{{ inboundNumber }}",
  "id": "{{requestId}}", "body": "{{inboundMessage}}", "ts": "{{originTimestamp}}",
  "kind": "t\\u00e9xt \\"q\\" {not a placeholder}"
}`);
    const match = template.extract({
      from: 447700900001,
      to: 'Acme',
      id: 'x',
      body: 'hi',
      ts: 0,
      kind: 'téxt "q" {not a placeholder}',
    });
    expect(match.ok).to.equal(true);
    if (match.ok && match.extraction.kind === 'inbound') {
      expect(match.extraction.events[0]?.profileNumber).to.equal(447700900001);
      expect(match.extraction.events[0]?.normalized).to.deep.equal({
        profileNumber: '+447700900001',
        inboundNumber: 'Acme',
        originTimestamp: '1970-01-01T00:00:00.000Z',
      });
    }
  });
});
