import { expect } from 'chai';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('heap growth setting', () => {
  it('bounds V8 heap growth to 50% past the live heap by default; 0 leaves V8 its own factor', () => {
    expect(loadConfig({}).heapGrowthPercent).to.equal(50);
    expect(loadConfig({ OPTLINE_HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).to.equal(0);
  });

  it('refuses a value that is not a whole number in range, naming the variable', () => {
    expect(() => loadConfig({ OPTLINE_HEAP_GROWTH_PERCENT: 'lots' })).to.throw(
      ConfigError,
      /OPTLINE_HEAP_GROWTH_PERCENT/,
    );
    expect(() => loadConfig({ OPTLINE_HEAP_GROWTH_PERCENT: '5000' })).to.throw(
      ConfigError,
      /OPTLINE_HEAP_GROWTH_PERCENT/,
    );
  });
});
