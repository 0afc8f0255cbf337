import { expect } from 'chai';
import { compileKeywordRules } from '../../src/keywords/compile-rules.ts';
import { findKeywordConflicts } from '../../src/keywords/keyword-conflicts.ts';
import {
  DEFAULT_PHRASE_THRESHOLD,
  DEFAULT_REVOCATION_PHRASES,
  findPhraseProblems,
} from '../../src/keywords/revocation-phrases.ts';

const vocabularyValue = {
  vocabulary: 'stop|arret|stopall|stop all|unsubscribe|cancel|quit|revoke|optout',
  exclude: 'help|end|opt out',
};

describe('compiled keyword rules', () => {
  it('are the plain rule JSON a reviewer reads: normalised, de-duplicated lists, exact before fuzzy', () => {
    const rules = compileKeywordRules({
      keywords: { 'opt-out': ['Stop', 'STOP', 'Arrêt'], help: ['Help', 'end'], custom: ['Opt Out'], 'opt-in': [] },
      fuzzy: { enabled: true, action: 'reply' },
    });
    expect(rules).to.deep.equal([
      {
        name: 'exact-keyword',
        priority: 2,
        conditions: {
          all: [
            {
              name: 'exact',
              fact: 'normalized',
              operator: 'isKeyword',
              value: { 'opt-out': 'stop|arret', help: 'help|end', custom: 'opt out' },
            },
          ],
        },
        event: { type: 'keyword', params: { rule: 'exact' } },
      },
      {
        name: 'fuzzy-opt-out',
        priority: 1,
        conditions: {
          any: [
            // Regulatory terms configured in any category are left out of F0; those of other categories leave the vocabulary.
            {
              name: 'F0-regulatory-term',
              priority: 2,
              fact: 'normalized',
              operator: 'isUnconfiguredRegulatoryTerm',
              value: 'stopall|stop all|unsubscribe|cancel|quit|revoke|optout',
            },
            {
              name: 'F1-compact',
              priority: 2,
              fact: 'compact',
              operator: 'compactMatchesOptOut',
              value: vocabularyValue,
            },
            { name: 'F2-token', priority: 2, fact: 'tokens', operator: 'tokenMatchesOptOut', value: vocabularyValue },
            { name: 'F2-phrase', priority: 2, fact: 'normalized', operator: 'containsOptOutPhrase', value: 'stop all' },
            {
              name: 'F3-lead',
              priority: 2,
              fact: 'tokens',
              operator: 'leadsWithShortOptOut',
              value: { ...vocabularyValue, maxTokens: 4 },
            },
            // Evaluated only when none of F0-F3 holds (lower priority); the default phrases when none are set.
            {
              name: 'F4-phrase',
              priority: 1,
              fact: 'tokens',
              operator: 'resemblesRevocationPhrase',
              value: { phrases: DEFAULT_REVOCATION_PHRASES.join('|'), threshold: DEFAULT_PHRASE_THRESHOLD },
            },
          ],
        },
        event: { type: 'fuzzy-opt-out', params: { action: 'reply' } },
      },
    ]);
  });

  it('has no fuzzy rule when the rule file turns it off, and no exact rule without keywords', () => {
    const exactOnly = compileKeywordRules({
      keywords: { help: ['Help'] },
      fuzzy: { enabled: false, action: 'opt-out' },
    });
    expect(exactOnly.map((rule) => rule.name)).to.deep.equal(['exact-keyword']);
    const fuzzyOnly = compileKeywordRules({ keywords: {}, fuzzy: { enabled: true, action: 'opt-out' } });
    expect(fuzzyOnly.map((rule) => rule.name)).to.deep.equal(['fuzzy-opt-out']);
    expect(fuzzyOnly[0]?.event).to.deep.equal({ type: 'fuzzy-opt-out', params: { action: 'opt-out' } });
    // With no opt-out keywords the vocabulary is the regulatory set, and every one of its terms is unconfigured.
    const all = 'stop|stopall|stop all|unsubscribe|cancel|end|quit|revoke|optout|opt out';
    expect(JSON.stringify(fuzzyOnly[0]?.conditions))
      .to.contain(`"value":"${all}"`)
      .and.to.contain('"value":"stop all|opt out"');
    expect(compileKeywordRules({ keywords: { help: [] }, fuzzy: { enabled: false, action: 'reply' } })).to.deep.equal(
      [],
    );
  });

  it('compiles the configured revocation phrases normalised, and none when the list is empty', () => {
    const f4 = (phrases: string[] | undefined, phraseThreshold?: number) =>
      JSON.stringify(
        compileKeywordRules({ keywords: {}, fuzzy: { enabled: true, action: 'reply', phrases, phraseThreshold } }),
      );
    expect(f4(['Leave me ALONE!', "Don't text me"], 0.2)).to.contain(
      '"name":"F4-phrase","priority":1,"fact":"tokens","operator":"resemblesRevocationPhrase","value":{"phrases":"leave me alone|dont text me","threshold":0.2}',
    );
    expect(f4([])).to.contain('F3-lead');
    expect(f4([])).not.to.contain('F4-phrase');
    expect(f4(undefined)).to.contain(`"phrases":"${DEFAULT_REVOCATION_PHRASES.join('|')}"`);
  });

  it('refuses revocation phrases of one word or over six, and repeats, naming each', () => {
    const phrases = ['spam', 'wrong number', 'Wrong number!', 'a b c d e f g', '!!'];
    expect(findPhraseProblems(phrases)).to.deep.equal([
      {
        index: 0,
        message:
          'revocation phrase "spam" has 1 word(s) once normalised; a phrase has 2 to 6: a single word belongs in the opt-out keywords',
      },
      { index: 2, message: 'revocation phrase "Wrong number!" repeats phrase 1 once normalised' },
      { index: 3, message: 'revocation phrase "a b c d e f g" has 7 word(s) once normalised; a phrase has 2 to 6' },
      {
        index: 4,
        message:
          'revocation phrase "!!" has 0 word(s) once normalised; a phrase has 2 to 6: a single word belongs in the opt-out keywords',
      },
    ]);
    expect(() => compileKeywordRules({ keywords: {}, fuzzy: { enabled: true, action: 'reply', phrases } })).to.throw(
      'revocation phrase "spam" has 1 word(s)',
    );
    expect(findPhraseProblems(DEFAULT_REVOCATION_PHRASES)).to.deep.equal([]);
  });

  it('refuses a rule file whose keywords conflict, naming every conflict', () => {
    expect(() =>
      compileKeywordRules({
        keywords: { 'opt-out': ['Stop', '!!'], help: ['STOP'] },
        fuzzy: { enabled: false, action: 'reply' },
      }),
    ).to.throw(
      'keyword "!!" is empty once normalised (only spaces, punctuation or emoji); keyword "STOP" is also listed under opt-out ("Stop"): both read "stop" once normalised',
    );
  });
});

describe('keyword conflicts', () => {
  it('names each keyword empty once normalised, and each one another category already holds, with its position', () => {
    expect(
      findKeywordConflicts({
        keywords: { 'opt-out': ['Stop', '🛑'], 'opt-in': ['Yes', 'stop!'], help: ['ＳＴＯＰ', '  '] },
        fuzzy: { enabled: false, action: 'reply' },
      }),
    ).to.deep.equal([
      {
        category: 'opt-out',
        index: 1,
        message: 'keyword "🛑" is empty once normalised (only spaces, punctuation or emoji)',
      },
      {
        category: 'opt-in',
        index: 1,
        message: 'keyword "stop!" is also listed under opt-out ("Stop"): both read "stop" once normalised',
      },
      {
        category: 'help',
        index: 0,
        message: 'keyword "ＳＴＯＰ" is also listed under opt-out ("Stop"): both read "stop" once normalised',
      },
      {
        category: 'help',
        index: 1,
        message: 'keyword "  " is empty once normalised (only spaces, punctuation or emoji)',
      },
    ]);
  });

  it('lets a category repeat its own keyword in another spelling', () => {
    expect(
      findKeywordConflicts({
        keywords: { 'opt-out': ['Stop', 'STOP', 'stop.'] },
        fuzzy: { enabled: true, action: 'reply' },
      }),
    ).to.deep.equal([]);
  });
});
