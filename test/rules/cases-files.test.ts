import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuleFile } from '../../src/rules/load-rule-file.ts';
import { casesFileFor, runCasesFile } from '../../src/rules/run-cases.ts';
import { REPO_DIR } from '../support/corpus.ts';
import { formatProblem } from '../../src/rules/problem.ts';

const RULES_DIR = join(REPO_DIR, 'rules');
const ruleFiles = readdirSync(RULES_DIR)
  .filter((name) => name.endsWith('.webhook.json'))
  .sort();

describe('rules/ example files', () => {
  it('ship one webhook per vendor, inbound and feedback', async () => {
    const definitions = await Promise.all(ruleFiles.map((name) => loadRuleFile(join(RULES_DIR, name))));
    const kinds = definitions.map((definition) => `${definition.vendor}/${definition.type ?? 'both'}`).sort();
    expect(kinds).to.include.members([
      'sinch/both',
      'sinch-conversational/both',
      'infobip/inbound',
      'infobip/feedback',
      'custom/inbound',
      'custom/feedback',
    ]);
  });

  for (const name of ruleFiles) {
    it(`${name}: every case in its cases file passes`, async () => {
      const definition = await loadRuleFile(join(RULES_DIR, name));
      if (definition.classifier === null) {
        expect(existsSync(casesFileFor(join(RULES_DIR, name))), 'a feedback webhook has no cases').to.equal(false);
        return;
      }
      const result = await runCasesFile(casesFileFor(join(RULES_DIR, name)), definition.classifier);
      expect(result.problems.map(formatProblem)).to.deep.equal([]);
      expect(result.passed).to.be.greaterThan(10);
    });
  }

  it('a failing case is reported at its line in the cases file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'optline-cases-'));
    const casesFile = join(dir, 'x.cases.json');
    writeFileSync(
      casesFile,
      '{\n  "cases": [\n    { "text": "STOP", "category": "opt-out" },\n    { "text": "stpo", "category": "opt-out" }\n  ]\n}\n',
    );
    const definition = await loadRuleFile(join(RULES_DIR, 'acme-sinch.webhook.json'));
    if (definition.classifier === null) throw new Error('acme-sinch classifies inbound texts');
    const result = await runCasesFile(casesFile, definition.classifier);
    expect(result.passed).to.equal(1);
    expect(result.problems.map(formatProblem)).to.deep.equal([
      `${casesFile}:4:35: error: "stpo" is fuzzy-opt-out (F1-near-miss:stop), expected opt-out`,
    ]);
  });
});
