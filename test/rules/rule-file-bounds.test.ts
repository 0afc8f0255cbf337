// Issue 15, findings 3 and 5: what an admin writes is bounded before the work it would cost, and refused at
// load with a located, readable problem (never a 500, never a stall at the first callback).
import { expect } from 'chai';
import { loadRuleText } from '../../src/rules/load-rule-file.ts';
import { RuleFileError, type RuleFileProblem } from '../../src/rules/rule-file-error.ts';
import { MAX_TEMPLATE_CHARS, MAX_TEMPLATE_NESTING } from '../../src/handlebars/template-bounds.ts';
import { MAX_JSON_DEPTH, MAX_KEYWORDS_PER_CATEGORY } from '../../src/rules/rule-file-limits.ts';
import { randomWords } from '../support/random-words.ts';
import { minimalRuleFile } from './rule-file-fixture.ts';

async function problemsOf(load: Promise<unknown>): Promise<RuleFileProblem[]> {
  try {
    await load;
  } catch (error) {
    if (error instanceof RuleFileError) return error.problems;
    throw error;
  }
  throw new Error('expected the rule file to be refused');
}

export function longKeywordsRuleFile(count = 1500): string {
  return JSON.stringify(minimalRuleFile({ keywords: { optOut: { keywords: randomWords(count, 160) } } }));
}

describe('rule file bounds: keywords', () => {
  it('refuses 1,500 opt-out keywords of 160 letters at load, naming the list and the limit', async () => {
    const problems = await problemsOf(loadRuleText(longKeywordsRuleFile(), 'big.webhook.json'));
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include({ pointer: '/keywords/optOut/keywords', line: 1 });
    expect(problems[0]?.message).to.equal(`has more than ${MAX_KEYWORDS_PER_CATEGORY} entries`);
  });

  it('refuses opt-out keywords whose near-miss index would be too large, at the opt-out list', async () => {
    const text = JSON.stringify(minimalRuleFile({ keywords: { optOut: { keywords: randomWords(1000, 24) } } }));
    const problems = await problemsOf(loadRuleText(text, 'wide.webhook.json'));
    expect(problems.map((problem) => problem.pointer)).to.deep.equal(['/keywords/optOut/keywords']);
    expect(problems[0]?.message).to.match(/near-miss index .* more than [0-9,]+ entries; use fewer or shorter/);
  });

  it('accepts 1,000 opt-out keywords of 160 letters: too long for near-misses, they are matched exactly', async () => {
    const words = randomWords(1000, 160);
    const text = JSON.stringify(minimalRuleFile({ keywords: { optOut: { keywords: words } } }));
    const definition = await loadRuleText(text, 'long.webhook.json');
    const decision = await definition.classifier?.classify(words[7] ?? '');
    expect(decision?.category).to.equal('opt-out');
    const typo = (words[7] ?? '').slice(0, 10) + (words[7] ?? '').slice(11);
    expect((await definition.classifier?.classify(typo))?.category).to.equal('default');
  });
});

const nestedIf = (depth: number) => `${'{{#if brand}}'.repeat(depth)}hi${'{{/if}}'.repeat(depth)}`;

describe('rule file bounds: templates', () => {
  const withReply = (reply: string) =>
    JSON.stringify(minimalRuleFile({ variables: { brand: 'ACME' }, keywords: { help: { reply } } }));

  it(`accepts a reply nesting {{#if}} ${MAX_TEMPLATE_NESTING} deep`, async () => {
    const definition = await loadRuleText(withReply(nestedIf(MAX_TEMPLATE_NESTING)), 'ok.webhook.json');
    expect((await definition.classifier?.classify('help'))?.reply).to.equal('hi');
  });

  it('counts an {{else if}} as a level of its block only: many chains one after another are accepted', async () => {
    const chain = '{{#if brand}}a{{else if keyword}}b{{else}}c{{/if}}';
    const definition = await loadRuleText(withReply(chain.repeat(2 * MAX_TEMPLATE_NESTING)), 'chains.webhook.json');
    expect((await definition.classifier?.classify('help'))?.reply).to.equal('a'.repeat(2 * MAX_TEMPLATE_NESTING));
    const problems = await problemsOf(
      loadRuleText(
        withReply(`{{#if brand}}${'{{else if brand}}'.repeat(MAX_TEMPLATE_NESTING)}{{/if}}`),
        'c.webhook.json',
      ),
    );
    expect(problems[0]?.message).to.match(/^blocks nest more than/);
  });

  for (const depth of [MAX_TEMPLATE_NESTING + 1, 10_000]) {
    it(`refuses a reply nesting {{#if}} ${depth} deep, at the reply, naming the limit and where it is passed`, async () => {
      const problems = await problemsOf(loadRuleText(withReply(nestedIf(depth)), 'deep.webhook.json'));
      expect(problems.map((problem) => problem.pointer)).to.deep.equal(['/keywords/help/reply']);
      const column = MAX_TEMPLATE_NESTING * '{{#if brand}}'.length + 1;
      expect(problems[0]?.message).to.equal(
        `blocks nest more than ${MAX_TEMPLATE_NESTING} deep (line 1, column ${column} of the reply)`,
      );
    });
  }

  it('refuses a Custom send body nesting {{#if}} 10,000 deep, at the body', async () => {
    const text = JSON.stringify(
      minimalRuleFile({
        vendor: 'custom',
        type: 'inbound',
        payload: { msisdn: '{{profileNumber}}', messageId: '{{requestId}}', text: '{{inboundMessage}}' },
        send: { url: 'https://sms.example/send', body: nestedIf(10_000).replace(/brand/g, 'text') },
      }),
    );
    const problems = await problemsOf(loadRuleText(text, 'deep-send.webhook.json'));
    expect(problems.map((problem) => [problem.pointer, problem.message])).to.deep.equal([
      [
        '/send/body',
        `blocks nest more than ${MAX_TEMPLATE_NESTING} deep (line 1, column ${MAX_TEMPLATE_NESTING * 12 + 1})`,
      ],
    ]);
  });

  it(`refuses a template longer than ${MAX_TEMPLATE_CHARS} characters, naming the limit`, async () => {
    const problems = await problemsOf(loadRuleText(withReply('a'.repeat(MAX_TEMPLATE_CHARS + 1)), 'long.webhook.json'));
    expect(problems.map((problem) => [problem.pointer, problem.message])).to.deep.equal([
      ['/keywords/help/reply', `is longer than ${MAX_TEMPLATE_CHARS} characters`],
    ]);
  });
});

describe('rule file bounds: JSON nesting', () => {
  for (const depth of [MAX_JSON_DEPTH + 1, 5_000, 100_000]) {
    it(`refuses a rule file nested ${depth} levels with a located problem, not a crash`, async () => {
      const text = `{"id":"acme","deep":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const problems = await problemsOf(loadRuleText(text, 'nested.webhook.json'));
      expect(problems).to.have.length(1);
      expect(problems[0]).to.include({
        pointer: '',
        line: 1,
        column: 20 + MAX_JSON_DEPTH,
        message: `invalid JSON: nested more than ${MAX_JSON_DEPTH} levels deep`,
      });
    });
  }

  it(`accepts a rule file nested ${MAX_JSON_DEPTH} levels as far as nesting goes`, async () => {
    const text = `{"id":"acme","deep":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`;
    const problems = await problemsOf(loadRuleText(text, 'nested.webhook.json'));
    expect(problems.map((problem) => problem.message)).to.include('unknown property "deep"');
  });
});
