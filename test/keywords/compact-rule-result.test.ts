import { expect } from 'chai';
import { compactRuleResult } from '../../src/keywords/compact-rule-result.ts';

describe('a rule result as stored with a decision', () => {
  it('drops the keyword lists (object values) of every condition and keeps everything else', () => {
    const result = {
      name: 'fuzzy-opt-out',
      priority: 1,
      result: true,
      conditions: {
        any: [
          { name: 'F0', operator: 'isX', value: 'stop|quit', result: false },
          {
            name: 'F1',
            operator: 'isY',
            value: { vocabulary: 'stop', exclude: '' },
            valueResult: ['a'],
            factResult: 'stpo',
            result: true,
          },
          { name: 'F3', operator: 'isZ', value: { maxTokens: 4 }, valueResult: null, result: null },
        ],
      },
      event: { type: 'fuzzy-opt-out', params: { action: 'reply', value: 7 } },
    };
    expect(compactRuleResult(result)).to.deep.equal({
      name: 'fuzzy-opt-out',
      priority: 1,
      result: true,
      conditions: {
        any: [
          { name: 'F0', operator: 'isX', value: 'stop|quit', result: false },
          { name: 'F1', operator: 'isY', factResult: 'stpo', result: true },
          { name: 'F3', operator: 'isZ', valueResult: null, result: null },
        ],
      },
      event: { type: 'fuzzy-opt-out', params: { action: 'reply', value: 7 } },
    });
  });

  it('keeps primitives as they are and stops descending past 16 levels', () => {
    expect(compactRuleResult('x')).to.equal('x');
    expect(compactRuleResult(null)).to.equal(null);
    type Nested = { value?: unknown; next?: Nested };
    let deep: Nested = { value: { list: 'kept at depth 18' } };
    for (let level = 0; level < 17; level++) deep = { next: deep, value: { list: 'dropped' } };
    let compacted = compactRuleResult(deep) as Nested;
    for (let level = 0; level < 17; level++) {
      expect(compacted.value, `level ${level}`).to.equal(undefined);
      compacted = compacted.next ?? {};
    }
    expect(compacted).to.deep.equal({ value: { list: 'kept at depth 18' } });
  });
});
