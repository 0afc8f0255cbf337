import { expect } from 'chai';
import { compileKeywordRules } from '../../src/keywords/compile-rules.ts';
import { findKeywordConflicts } from '../../src/keywords/keyword-conflicts.ts';

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
              fact: 'normalized',
              operator: 'isUnconfiguredRegulatoryTerm',
              value: 'stopall|stop all|unsubscribe|cancel|quit|revoke|optout',
            },
            { name: 'F1-compact', fact: 'compact', operator: 'compactMatchesOptOut', value: vocabularyValue },
            { name: 'F2-token', fact: 'tokens', operator: 'tokenMatchesOptOut', value: vocabularyValue },
            { name: 'F2-phrase', fact: 'normalized', operator: 'containsOptOutPhrase', value: 'stop all' },
            {
              name: 'F3-lead',
              fact: 'tokens',
              operator: 'leadsWithShortOptOut',
              value: { ...vocabularyValue, maxTokens: 4 },
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
