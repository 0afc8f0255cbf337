// Issue 15, findings 3 and 5: what an admin writes is bounded before the work it would cost, and refused at
// load with a located, readable problem (never a 500, never a stall at the first callback).
import { expect } from 'chai';
import { loadRuleText } from '../../src/rules/load-rule-file.ts';
import { RuleFileError, type RuleFileProblem } from '../../src/rules/rule-file-error.ts';
import { MAX_KEYWORDS_PER_CATEGORY } from '../../src/rules/rule-file-limits.ts';
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
