// What a classifier decides beyond the category: the consent effect, the rendered reply and its variables,
// and the compiled rules it hands out.
import { expect } from 'chai';
import { createClassifier, type ClassifierOptions } from '../../src/keywords/classifier.ts';
import { compileKeywordRules } from '../../src/keywords/compile-rules.ts';
import { DEFAULT_KEYWORDS } from '../../src/keywords/default-keywords.ts';

const keywords = { ...DEFAULT_KEYWORDS, 'double-opt-in': ['join'], custom: ['promo'] };
const options = (action: 'reply' | 'opt-out'): ClassifierOptions => ({ keywords, fuzzy: { enabled: true, action } });

describe('classifier decisions', () => {
  it('asks each category for its own consent effect, and a fuzzy match for one only when set to opt out', async () => {
    for (const action of ['reply', 'opt-out'] as const) {
      const classifier = createClassifier(options(action));
      const effects = await Promise.all(
        ['stop', 'yes', 'join', 'help', 'promo', 'hello', 'stpo'].map(
          async (text) => (await classifier.classify(text)).effect,
        ),
      );
      expect(effects, action).to.deep.equal([
        'opt-out',
        'opt-in',
        'double-opt-in',
        null,
        null,
        null,
        action === 'opt-out' ? 'opt-out' : null,
      ]);
    }
  });

  it('renders the reply of the category with the rule file variables, the keyword and both numbers', async () => {
    const seen: Array<Readonly<Record<string, string>>> = [];
    const classifier = createClassifier({
      ...options('reply'),
      variables: { brand: 'Acme' },
      senderNumber: '+15550000001',
      replies: {
        help: (variables) => {
          seen.push(variables);
          return `${variables.brand} help`;
        },
      },
    });
    const decision = await classifier.classify('HELP', { profileNumber: '+15550000002' });
    expect(decision.reply).to.equal('Acme help');
    expect(seen).to.deep.equal([
      { brand: 'Acme', keyword: 'help', senderNumber: '+15550000001', profileNumber: '+15550000002' },
    ]);
    expect((await classifier.classify('hello')).reply).to.equal(null); // no reply for default
  });

  it('gives empty strings for what a reply cannot know: no keyword, no sender number, no profile number', async () => {
    const seen: Array<Readonly<Record<string, string>>> = [];
    const classifier = createClassifier({
      ...options('reply'),
      replies: {
        default: (variables) => {
          seen.push(variables);
          return 'hi';
        },
      },
    });
    await classifier.classify('hello');
    expect(seen).to.deep.equal([{ keyword: '', senderNumber: '', profileNumber: '' }]);
  });

  it('hands out a copy of its compiled rules: what a reviewer reads, and nothing they can change', async () => {
    const classifier = createClassifier(options('reply'));
    const rules = classifier.compiledRules();
    expect(rules).to.deep.equal(compileKeywordRules(options('reply')));
    rules.length = 0;
    expect(classifier.compiledRules()).to.have.length(2);
    expect((await classifier.classify('stop')).category).to.equal('opt-out');
  });

  it('lists the rules evaluated, highest priority first, and none after the first that fires', async () => {
    const classifier = createClassifier(options('reply'));
    const names = async (text: string) =>
      ((await classifier.classify(text)).explanation.conditions as Array<{ name: string; result: boolean }>).map(
        ({ name, result }) => `${name}:${result}`,
      );
    expect(await names('stop')).to.deep.equal(['exact-keyword:true']);
    expect(await names('stpo')).to.deep.equal(['exact-keyword:false', 'fuzzy-opt-out:true']);
    expect(await names('hello')).to.deep.equal(['exact-keyword:false', 'fuzzy-opt-out:false']);
  });
});
