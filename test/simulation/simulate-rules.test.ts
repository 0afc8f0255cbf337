// The simulation core against a store of generated events: bounded pages, bounded examples, each distinct
// text classified once, limits honoured, and masked texts that keep only length and character classes.
import { expect } from 'chai';
import type { Decision } from '../../src/keywords/decision.ts';
import { maskText } from '../../src/simulation/masked-text.ts';
import { EXAMPLES_PER_TRANSITION, simulateRules } from '../../src/simulation/simulate-rules.ts';
import type { InboundPageQuery, InboundSample } from '../../src/store/store.ts';

function generatedStore(count: number, textOf: (index: number) => string) {
  const limits: number[] = [];
  return {
    limits,
    async inboundPage(query: InboundPageQuery) {
      limits.push(query.limit);
      const start = query.after === null ? 0 : Number(query.after);
      const end = Math.min(count, start + query.limit);
      const events: InboundSample[] = [];
      for (let index = start; index < end; index += 1)
        events.push({
          requestId: `r${index}`,
          eventTime: '2024-05-01T10:00:00.000Z',
          text: textOf(index),
          category: 'default',
          consentReason: 'the message carries no consent keyword',
          reviewed: false,
        });
      return { events, next: end < count && events.length === query.limit ? String(end) : null };
    },
  };
}

function countingClassifier() {
  const calls: string[] = [];
  return {
    calls,
    async classify(text: string) {
      calls.push(text);
      const stop = text.startsWith('stop');
      return {
        category: stop ? 'opt-out' : 'default',
        effect: stop ? 'opt-out' : null,
        rule: stop ? 'exact' : 'none',
      } as Decision;
    },
  };
}

describe('simulating rules on stored events', () => {
  it('reads bounded pages, keeps at most 20 examples per transition, and classifies each distinct text once', async () => {
    const store = generatedStore(25_000, (index) => (index % 2 === 0 ? 'stop' : `hello ${index % 7}`));
    const classifier = countingClassifier();
    const report = await simulateRules(store, classifier, { webhookId: 'w' });
    expect(report).to.include({ webhookId: 'w', events: 25_000, changed: 12_500 });
    expect(report.transitions.map(({ from, to, count }) => [from, to, count])).to.deep.equal([
      ['default', 'opt-out', 12_500],
      ['default', 'default', 12_500],
    ]);
    for (const transition of [...report.transitions, ...report.consentEffects])
      expect(transition.examples).to.have.length(EXAMPLES_PER_TRANSITION);
    expect(report.consentEffects.map(({ from, to, count }) => [from, to, count])).to.deep.equal([
      ['none', 'opt-out', 12_500],
    ]);
    expect(Math.max(...store.limits)).to.be.at.most(1000);
    expect(store.limits.length).to.equal(25);
    expect(classifier.calls.length).to.equal(8);
  });

  it('stops at the limit, even inside a page', async () => {
    const store = generatedStore(5000, (index) => `text ${index}`);
    const report = await simulateRules(store, countingClassifier(), { webhookId: 'w', limit: 1500 });
    expect(report.events).to.equal(1500);
    expect(store.limits).to.deep.equal([1000, 500]);
  });

  it('masks a text to its length and first and last character classes', () => {
    expect(maskText('stop please!')).to.equal('••• 12 chars, letter…punctuation');
    expect(maskText('42 🛑')).to.equal('••• 4 chars, digit…emoji');
    expect(maskText('')).to.equal('•••');
  });
});
