import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('admin tokens from the environment', () => {
  it('labels OPTLINE_ADMIN_TOKEN "admin" and reads label:token pairs from OPTLINE_ADMIN_TOKENS', () => {
    const config = loadConfig({
      OPTLINE_ADMIN_TOKEN: 'single-token',
      OPTLINE_ADMIN_TOKENS: 'alice:alice-token-1, bob:bob-token-22',
    });
    expect(config.adminTokens).to.deep.equal([
      { label: 'admin', token: 'single-token' },
      { label: 'alice', token: 'alice-token-1' },
      { label: 'bob', token: 'bob-token-22' },
    ]);
  });

  it('turns the API off when neither is set', () => {
    expect(loadConfig({}).adminTokens).to.deep.equal([]);
  });

  it('refuses a malformed pair, a short token and a token given twice, naming the variable', () => {
    expect(() => loadConfig({ OPTLINE_ADMIN_TOKENS: 'alice' })).to.throw(ConfigError, /OPTLINE_ADMIN_TOKENS/);
    expect(() => loadConfig({ OPTLINE_ADMIN_TOKENS: 'alice:short' })).to.throw(ConfigError, /8\+ characters/);
    expect(() =>
      loadConfig({ OPTLINE_ADMIN_TOKEN: 'same-token-1', OPTLINE_ADMIN_TOKENS: 'bob:same-token-1' }),
    ).to.throw(ConfigError, /repeat a token/);
  });
});
