import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { lintDefinition } from '../../src/rules/lint-rule-file.ts';
import { loadRuleFile, loadRuleText } from '../../src/rules/load-rule-file.ts';
import { RuleFileError, type RuleFileProblem } from '../../src/rules/rule-file-error.ts';
import { runCasesFile } from '../../src/rules/run-cases.ts';
import { minimalRuleFile, tempDir, writeRuleFile } from './rule-file-fixture.ts';

const withFuzzy = (fuzzy: Record<string, unknown>) => minimalRuleFile({ keywords: { optOut: { fuzzy } } });

async function problemsOf(text: string): Promise<Array<Omit<RuleFileProblem, 'file' | 'severity'>>> {
  try {
    await loadRuleText(text, 'x.webhook.json');
  } catch (error) {
    if (error instanceof RuleFileError) {
      return error.problems.map(({ pointer, line, column, message }) => ({ pointer, line, column, message }));
    }
    throw error;
  }
  throw new Error('expected the rule file to be refused');
}

async function classify(file: Record<string, unknown>, text: string) {
  const definition = await loadRuleText(JSON.stringify(file), 'x.webhook.json');
  const decision = await definition.classifier?.classify(text);
  return { category: decision?.category, rule: decision?.rule, effect: decision?.effect };
}

describe('revocation phrases in a rule file (optOut.fuzzy.phrases)', () => {
  it('flags a revocation in people’s own words with the fuzzy reply only, by default', async () => {
    expect(await classify(minimalRuleFile(), 'Please just leave me alone now')).to.deep.equal({
      category: 'fuzzy-opt-out',
      rule: 'F4-phrase:leave me alone',
      effect: null,
    });
  });

  it('uses the phrases and the threshold the file sets, and [] turns the tier off', async () => {
    const own = withFuzzy({ phrases: ['Lose my number'], phraseThreshold: 0.1 });
    expect(await classify(own, 'pls lose my number')).to.include({ rule: 'F4-phrase:lose my number' });
    expect(await classify(own, 'pls lose my numbr')).to.include({ rule: 'F4-phrase:lose my number' }); // 0.091
    expect(await classify(own, 'leave me alone')).to.include({ category: 'default' });
    expect(
      await classify(withFuzzy({ phrases: ['Lose my number'], phraseThreshold: 0.05 }), 'lose my numbr'),
    ).to.include({ category: 'default' });
    expect(await classify(withFuzzy({ phrases: [] }), 'leave me alone')).to.include({
      category: 'default',
      rule: 'none',
    });
    // F0-F3 stay on when F4 is off.
    expect(await classify(withFuzzy({ phrases: [] }), 'stpo')).to.include({ category: 'fuzzy-opt-out' });
  });

  it('follows the fuzzy action: "opt-out" opts the person out on a phrase too', async () => {
    expect(await classify(withFuzzy({ action: 'opt-out' }), 'wrong number')).to.deep.equal({
      category: 'fuzzy-opt-out',
      rule: 'F4-phrase:wrong number',
      effect: 'opt-out',
    });
  });

  it('refuses bad phrases and thresholds at their line and column, all at once', async () => {
    const text = JSON.stringify(
      withFuzzy({ phrases: ['spam', 'wrong number', 'WRONG NUMBER!', 'x'.repeat(65)], phraseThreshold: 0.9 }),
      null,
      2,
    );
    expect(await problemsOf(text)).to.deep.equal([
      {
        pointer: '/keywords/optOut/fuzzy/phrases/3',
        line: 15,
        column: 11,
        message: 'must NOT have more than 64 characters',
      },
      { pointer: '/keywords/optOut/fuzzy/phraseThreshold', line: 17, column: 28, message: 'must be <= 0.5' },
    ]);
    const semantic = JSON.stringify(withFuzzy({ phrases: ['spam', 'wrong number', 'WRONG NUMBER!'] }), null, 2);
    expect(await problemsOf(semantic)).to.deep.equal([
      {
        pointer: '/keywords/optOut/fuzzy/phrases/0',
        line: 12,
        column: 11,
        message:
          'revocation phrase "spam" has 1 word(s) once normalised; a phrase has 2 to 6: a single word belongs in the opt-out keywords',
      },
      {
        pointer: '/keywords/optOut/fuzzy/phrases/2',
        line: 14,
        column: 11,
        message: 'revocation phrase "WRONG NUMBER!" repeats phrase 1 once normalised',
      },
    ]);
    const tooMany = JSON.stringify(withFuzzy({ phrases: Array.from({ length: 201 }, (_, i) => `phrase ${i}`) }));
    expect((await problemsOf(tooMany)).map((problem) => problem.message)).to.deep.equal(['has more than 200 entries']);
  });

  it('lets a cases file pin an F4 decision, and reports a case pinned to another phrase at its line', async () => {
    const dir = tempDir();
    const definition = await loadRuleFile(writeRuleFile(dir, 'acme.webhook.json', minimalRuleFile()));
    const casesFile = writeRuleFile(dir, 'acme.cases.json', {
      cases: [
        { text: 'Please take me off your list', category: 'fuzzy-opt-out', rule: 'F4-phrase:take me off' },
        { text: 'remove the extra charge', category: 'default', rule: 'none' },
        { text: 'wrong number', category: 'fuzzy-opt-out', rule: 'F4-phrase:leave me alone' },
      ],
    });
    const result = await runCasesFile(casesFile, definition.classifier!);
    expect(result.passed).to.equal(2);
    expect(result.problems.map(({ pointer, line, message }) => ({ pointer, line, message }))).to.deep.equal([
      {
        pointer: '/cases/2/rule',
        line: 16,
        message: '"wrong number" is fuzzy-opt-out (F4-phrase:wrong number), expected rule F4-phrase:leave me alone',
      },
    ]);
  });

  it('optline check warns, where it is turned off, when a webhook turns the tier off', async () => {
    const lint = async (file: Record<string, unknown>) => {
      const path = writeRuleFile(tempDir(), 'acme.webhook.json', file);
      const problems = lintDefinition(await loadRuleFile(path), readFileSync(path, 'utf8'), path);
      return problems
        .filter((problem) => problem.message.includes('F4'))
        .map(({ pointer, line, column, message }) => ({
          pointer,
          line,
          column,
          message,
        }));
    };
    const because =
      'revocations in people\'s own words ("leave me alone", "wrong number") get the default reply, while the FCC lets consent be revoked by any reasonable means';
    expect(await lint(withFuzzy({ phrases: [] }))).to.deep.equal([
      {
        pointer: '/keywords/optOut/fuzzy/phrases',
        line: 11,
        column: 20,
        message: `the revocation-phrase tier (F4) is off: ${because}`,
      },
    ]);
    expect(await lint(withFuzzy({ enabled: false }))).to.deep.equal([
      {
        pointer: '/keywords/optOut/fuzzy/enabled',
        line: 11,
        column: 20,
        message: `the revocation-phrase tier (F4) is off with fuzzy opt-out: ${because}`,
      },
    ]);
    expect(await lint(minimalRuleFile())).to.deep.equal([]);
    expect(await lint(withFuzzy({ phrases: ['lose my number'] }))).to.deep.equal([]);
  });
});
