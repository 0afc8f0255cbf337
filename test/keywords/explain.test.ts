import { expect } from 'chai';
import { createClassifier } from '../../src/keywords/classifier.ts';
import type { Decision } from '../../src/keywords/decision.ts';
import { DEFAULT_KEYWORDS } from '../../src/keywords/default-keywords.ts';
import { formatExplanation } from '../../src/keywords/explain.ts';

// Built per call: a classifier kept across tests would answer from its memo (see phrase-corpus.test.ts).
const classifier = () =>
  createClassifier({
    keywords: DEFAULT_KEYWORDS,
    fuzzy: { enabled: true, action: 'opt-out' },
    replies: { help: () => 'Reply STOP to end' },
  });
const explain = async (text: string) => formatExplanation(await classifier().classify(text)).split('\n');
const FUZZY_CONDITIONS = [
  'F0-regulatory-term (isUnconfiguredRegulatoryTerm)',
  'F1-compact (compactMatchesOptOut)',
  'F2-token (tokenMatchesOptOut)',
  'F2-phrase (containsOptOutPhrase)',
  'F3-lead (leadsWithShortOptOut)',
  'F4-phrase (resemblesRevocationPhrase)',
];
const fuzzyLines = (outcomes: string[]) => FUZZY_CONDITIONS.map((condition, i) => `    ${condition}: ${outcomes[i]}`);

function decision(rule: string, conditions: unknown): Decision {
  return {
    text: 'x',
    normalized: 'x',
    category: 'default',
    keyword: null,
    rule,
    effect: null,
    reply: null,
    explanation: { normalized: 'x', tokens: ['x'], rule, keyword: null, conditions },
  };
}

describe('a decision explained for people', () => {
  it('an exact keyword: the text, its facts, the consent it asks for and the one rule that fired', async () => {
    expect(await explain('STOP')).to.deep.equal([
      'text:        "STOP"',
      'normalized:  "stop"',
      'tokens:      stop',
      'category:    opt-out',
      'rule:        exact (the whole normalised message is a configured keyword)',
      'keyword:     stop',
      'consent:     opt-out',
      'reply:       (none)',
      'rules evaluated (json-rules-engine):',
      '  exact-keyword: fired',
      '    exact (isKeyword): true',
    ]);
  });

  it('a near-miss: which word resembles which term by which edit, and every fuzzy condition outcome', async () => {
    expect(await explain('stpo please')).to.deep.equal([
      'text:        "stpo please"',
      'normalized:  "stpo please"',
      'tokens:      stpo | please',
      'category:    fuzzy-opt-out',
      'rule:        F2-token:stpo~stop (a word of the message is, or nearly is, an opt-out term)',
      'keyword:     stop',
      'near-miss:   "stpo" ~ "stop" by transposition',
      'consent:     opt-out',
      'reply:       (none)',
      'rules evaluated (json-rules-engine):',
      '  exact-keyword: did not fire',
      '    exact (isKeyword): false',
      '  fuzzy-opt-out: fired',
      // F4 runs only when F0-F3 did not decide (a lower condition priority), so it was not evaluated.
      ...fuzzyLines(['false', 'false', 'true', 'false', 'false', 'not evaluated']),
    ]);
  });

  it('a revocation phrase: the phrase, the words that matched it and the score, after F0-F3 all failed', async () => {
    expect(await explain('pls just leav me alone now')).to.deep.equal([
      'text:        "pls just leav me alone now"',
      'normalized:  "pls just leav me alone now"',
      'tokens:      pls | just | leav | me | alone | now',
      'category:    fuzzy-opt-out',
      'rule:        F4-phrase:leave me alone (the message holds, nearly as written, a revocation phrase)',
      'keyword:     leave me alone',
      'phrase:      "leav me alone" ~ "leave me alone", score 0.077 (0 = as written)',
      'consent:     opt-out',
      'reply:       (none)',
      'rules evaluated (json-rules-engine):',
      '  exact-keyword: did not fire',
      '    exact (isKeyword): false',
      '  fuzzy-opt-out: fired',
      ...fuzzyLines(['false', 'false', 'false', 'false', 'false', 'true']),
    ]);
  });

  it('a message with nothing left, and one no rule matches, say so; a reply is quoted', async () => {
    const empty = await explain('👍');
    expect(empty.slice(0, 8)).to.deep.equal([
      'text:        "👍"',
      'normalized:  "" (nothing left: emoji, spaces or punctuation only)',
      'tokens:      (none)',
      'category:    default',
      'rule:        empty (nothing left after normalisation)',
      'keyword:     (none)',
      'consent:     unchanged',
      'reply:       (none)',
    ]);
    expect(empty).to.include('  fuzzy-opt-out: did not fire');
    expect((await explain('hello'))[4]).to.equal('rule:        none (no rule matched: default reply)');
    expect((await explain('help')).slice(6, 8)).to.deep.equal([
      'consent:     unchanged',
      'reply:       "Reply STOP to end"',
    ]);
  });

  it('describes each fuzzy rule by what it looks at', async () => {
    const revoke = await explain('revoke');
    expect(revoke[4]).to.equal('rule:        F0-regulatory-term (a regulatory opt-out term that is not configured)');
    expect(revoke.slice(-6)).to.deep.equal(fuzzyLines(['true', 'true', 'true', 'false', 'false', 'not evaluated']));
    expect((await explain('s t o p'))[4]).to.equal(
      'rule:        F1-compact-equal (the message with its spaces removed is, or nearly is, an opt-out term)',
    );
    expect((await explain('opt out now'))[4]).to.equal(
      'rule:        F2-phrase:opt out (the message contains an opt-out phrase)',
    );
    expect((await explain('no more texts'))[4]).to.equal(
      'rule:        F3-lead:no (a short reply led by a short opt-out word)',
    );
    expect((await explain('leave me alone'))[4]).to.equal(
      'rule:        F4-phrase:leave me alone (the message holds, nearly as written, a revocation phrase)',
    );
    expect(formatExplanation(decision('X9-new', [])).split('\n')[4]).to.equal(
      'rule:        X9-new (see rules/README.md)',
    );
  });

  it('marks a condition the engine never reached, and skips what is not a rule result', () => {
    const conditions = [
      null,
      'not a result',
      {
        name: 'fuzzy-opt-out',
        result: false,
        conditions: {
          any: [
            { name: 'F0', operator: 'isX', result: false },
            { name: 'F1', operator: 'isY' },
          ],
        },
      },
      {
        name: 'exact-keyword',
        result: true,
        conditions: { all: [{ name: 'exact', operator: 'isKeyword', result: true }] },
      },
      { name: 'odd', result: 'yes' },
    ];
    expect(formatExplanation(decision('none', conditions)).split('\n').slice(9)).to.deep.equal([
      '  fuzzy-opt-out: did not fire',
      '    F0 (isX): false',
      '    F1 (isY): not evaluated',
      '  exact-keyword: fired',
      '    exact (isKeyword): true',
      '  odd: did not fire',
    ]);
    expect(formatExplanation(decision('none', { not: 'a list' })).split('\n')).to.have.length(9);
  });
});
