// The fuzzy opt-out rules F0-F3 one by one, on a vocabulary prepared as the compiled rules prepare it.
import { expect } from 'chai';
import {
  matchCompact,
  matchPhrase,
  matchRegulatoryTerm,
  matchShortLead,
  matchToken,
} from '../../src/keywords/fuzzy-opt-out.ts';
import { prepareVocabulary, splitList } from '../../src/keywords/opt-out-vocabulary.ts';

// Opt-out keywords stop, no, end, unsubscribe, opt out; "stopp" and "help" belong to other categories.
// Prepared per test, not once at load: npm run mutation switches the code under test between tests.
const prepare = () => prepareVocabulary('stop|no|end|unsubscribe|opt out', 'stopp|help');
let vocabulary = prepare();

describe('fuzzy opt-out rules', () => {
  beforeEach(() => {
    vocabulary = prepare();
  });

  it('prepares compact, short (under 4 letters) and long terms, and the exclusions', () => {
    expect([...vocabulary.compactTerms]).to.deep.equal(['stop', 'no', 'end', 'unsubscribe', 'optout']);
    expect([...vocabulary.shortTerms]).to.deep.equal(['no', 'end']);
    expect([...vocabulary.longTerms]).to.deep.equal(['stop', 'unsubscribe', 'optout']);
    expect([...vocabulary.exclude]).to.deep.equal(['stopp', 'help']);
    expect(splitList('')).to.deep.equal([]);
    expect(splitList('a|b c')).to.deep.equal(['a', 'b c']);
  });

  it('F0: the whole message is one of the terms', () => {
    expect(matchRegulatoryTerm('revoke', new Set(['revoke', 'quit']))).to.deep.equal({
      rule: 'F0-regulatory-term',
      keyword: 'revoke',
    });
    expect(matchRegulatoryTerm('revoke it', new Set(['revoke']))).to.equal(null);
  });

  it('F1: the compact form equals a term, nearly equals a long one, or squeezes to a short one', () => {
    expect(matchCompact('optout', vocabulary)).to.deep.equal({ rule: 'F1-compact-equal', keyword: 'optout' });
    expect(matchCompact('stpo', vocabulary)).to.deep.equal({
      rule: 'F1-near-miss:stop',
      keyword: 'stop',
      nearMiss: { token: 'stpo', keyword: 'stop', edit: 'transposition' },
    });
    expect(matchCompact('nooo', vocabulary)).to.deep.equal({
      rule: 'F1-squeeze:no',
      keyword: 'no',
      nearMiss: { token: 'nooo', keyword: 'no', edit: 'repeated-letters' },
    });
    expect(matchCompact('eendd', vocabulary)?.rule).to.equal('F1-squeeze:end');
  });

  it('F1: never for nothing, an excluded word, digits, or a word far from every term', () => {
    expect(matchCompact('', vocabulary)).to.equal(null);
    expect(matchCompact('stopp', vocabulary)).to.equal(null); // a near-miss of stop, but another category's keyword
    expect(matchCompact('st0p', vocabulary)).to.equal(null);
    expect(matchCompact('hello', vocabulary)).to.equal(null);
    expect(matchCompact('nope', vocabulary)).to.equal(null);
  });

  it('F2 tokens: a word equal to a long term wins over an earlier near-miss; excluded words are skipped', () => {
    expect(matchToken(['stpo', 'unsubscribe'], vocabulary)).to.deep.equal({
      rule: 'F2-token:unsubscribe~unsubscribe',
      keyword: 'unsubscribe',
      nearMiss: { token: 'unsubscribe', keyword: 'unsubscribe', edit: 'equal' },
    });
    expect(matchToken(['please', 'stopp', 'srop', 'stpo'], vocabulary)).to.deep.equal({
      rule: 'F2-token:srop~stop',
      keyword: 'stop',
      nearMiss: { token: 'srop', keyword: 'stop', edit: 'adjacent-key-substitution' },
    });
    expect(matchToken(['no', 'end', 'stopp'], vocabulary)).to.equal(null); // short terms are F3's, exclusions never match
    expect(matchToken([], vocabulary)).to.equal(null);
  });

  it('F2 phrases: a phrase only as whole words, anywhere in the message', () => {
    const phrases = ['opt out', 'stop all'];
    expect(matchPhrase('opt out', phrases)).to.deep.equal({ rule: 'F2-phrase:opt out', keyword: 'opt out' });
    expect(matchPhrase('please stop all now', phrases)).to.deep.equal({
      rule: 'F2-phrase:stop all',
      keyword: 'stop all',
    });
    expect(matchPhrase('i will opt out', phrases)?.keyword).to.equal('opt out');
    expect(matchPhrase('adopt outright', phrases)).to.equal(null);
    expect(matchPhrase('stop allowing', phrases)).to.equal(null);
  });

  it('F3: a reply of at most maxTokens words led by a short term, or a word that squeezes to one', () => {
    expect(matchShortLead(['no', 'more', 'texts', 'please'], 4, vocabulary)).to.deep.equal({
      rule: 'F3-lead:no',
      keyword: 'no',
    });
    expect(matchShortLead(['noooo', 'thanks'], 4, vocabulary)).to.deep.equal({ rule: 'F3-lead:noooo', keyword: 'no' });
    expect(matchShortLead(['end'], 1, vocabulary)).to.deep.equal({ rule: 'F3-lead:end', keyword: 'end' });
  });

  it('F3: never for a longer reply, an empty one, a lead that is not a short term, or an excluded lead', () => {
    expect(matchShortLead(['no', 'more', 'texts', 'please', 'thanks'], 4, vocabulary)).to.equal(null);
    expect(matchShortLead([], 4, vocabulary)).to.equal(null);
    expect(matchShortLead(['not', 'now'], 4, vocabulary)).to.equal(null);
    expect(matchShortLead(['stop'], 4, vocabulary)).to.equal(null); // a long term: F1/F2's
    expect(matchShortLead(['no'], 4, prepareVocabulary('no', 'no'))).to.equal(null);
  });
});
