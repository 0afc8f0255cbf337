// `optline template suggest` on every provider payload of the corpus: each proposal compiles and reads its sample,
// and `npm run bench:suggest` prints the score these outcomes make (one scoring code, bench/suggest-score.ts).
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Extraction } from '../../src/events.ts';
import {
  differences,
  formatScore,
  HELD_OUT_PROVIDERS,
  measuredFiles,
  scoreSuggestions,
} from '../../bench/suggest-score.ts';
import { REPO_DIR } from '../support/corpus.ts';
import { EXPECTED } from './expected-corpus.ts';

describe('template suggest on the provider corpus', function () {
  this.timeout(20_000);
  const score = scoreSuggestions();

  it('measures every inbound and feedback payload of expected.json', () => {
    const files = Object.entries(EXPECTED).filter(([, expected]) => expected.kind !== 'reject');
    expect(score.outcomes.map((outcome) => outcome.file)).to.deep.equal(files.map(([file]) => file));
    expect(score.outcomes).to.have.length.greaterThan(20);
  });

  for (const [file] of measuredFiles()) {
    it(`proposes for ${file} a template that compiles and extracts the sample`, () => {
      const outcome = score.outcomes.find((candidate) => candidate.file === file);
      expect(outcome?.extracted, `${outcome?.problems.join('\n')}\n${outcome?.template}`).to.equal(true);
    });
  }

  it('holds out some payloads, of whole providers, and tunes on the rest', () => {
    const heldOut = score.outcomes.filter((outcome) => outcome.heldOut);
    expect(heldOut).to.have.length.greaterThan(0);
    expect(heldOut.length).to.be.lessThan(score.outcomes.length);
    for (const outcome of score.outcomes) {
      expect(outcome.heldOut, outcome.file).to.equal(HELD_OUT_PROVIDERS.includes(outcome.provider));
    }
    for (const provider of HELD_OUT_PROVIDERS) {
      expect(
        heldOut.some((outcome) => outcome.provider === provider),
        provider,
      ).to.equal(true);
    }
  });

  it('counts a proposal whose extraction differs from expected.json as a miss', () => {
    const expected = EXPECTED['vonage.dlr-failed.json'];
    if (expected === undefined) throw new Error('vonage.dlr-failed.json is not in expected.json');
    const right: Extraction = {
      kind: 'feedback',
      events: [
        {
          clientReference: 'my-personal-reference-2',
          messageId: null,
          statuses: [{ code: '3', status: 'failed', canonical: 'failed', final: true }],
        },
      ],
    };
    expect(differences(right, expected)).to.deep.equal([]);
    const wrongCode = structuredClone(right);
    if (wrongCode.kind === 'feedback' && wrongCode.events[0]?.statuses[0]) wrongCode.events[0].statuses[0].code = 3;
    expect(differences(wrongCode, expected)).to.have.length(1);
    expect(differences({ kind: 'feedback', events: [] }, expected)).to.deep.equal(['0 events, expected 1']);
  });

  it('prints, from `npm run bench:suggest`, the score of these very outcomes', () => {
    const printed = execFileSync(process.execPath, ['--import', 'tsx', join(REPO_DIR, 'bench', 'suggest.bench.ts')], {
      encoding: 'utf8',
    });
    expect(printed).to.equal(formatScore(score));
    expect(printed).to.match(/^ {2}held out \(infobip, telnyx\): \d+\/8 \(\d+%\)$/m);
    const exact = score.outcomes.filter((outcome) => outcome.extracted && outcome.problems.length === 0).length;
    expect(printed).to.include(`exactly the expected fields: ${exact}/${score.outcomes.length} `);
  });
});
