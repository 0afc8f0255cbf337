// Issue 15, findings 3 and 5 through the admin API: inputs past a bound answer 422 with the problem named,
// never a 500 and never after a stall.
import { expect } from 'chai';
import { MAX_TEMPLATE_NESTING } from '../../src/handlebars/template-bounds.ts';
import { MAX_JSON_DEPTH } from '../../src/rules/rule-file-limits.ts';
import type { Store } from '../../src/store/store.ts';
import { api, sinchRuleFile } from '../support/admin-api.ts';
import { randomWords } from '../support/random-words.ts';
import { sqliteBackend } from '../support/store-backends.ts';
import { startService, type RunningService } from '../support/service.ts';

describe('admin API bounds on webhooks', () => {
  let store: Store;
  let service: RunningService;
  before(async () => {
    store = await sqliteBackend.open();
    service = await startService({ store });
  });
  after(async () => {
    await service.close();
    await store.close();
  });

  const problemsOf = (body: Record<string, unknown>) =>
    (body.problems as Array<{ path: string; message: string }>).map((problem) => [problem.path, problem.message]);

  it('refuses 1,500 opt-out keywords of 160 letters with a 422 naming the list', async () => {
    const body = sinchRuleFile('many-long', { keywords: { optOut: { keywords: randomWords(1500, 160) } } });
    const refused = await api(service.baseUrl, 'POST', '/api/webhooks', { body });
    expect(refused.status, refused.text).to.equal(422);
    expect(problemsOf(refused.body)).to.deep.equal([['/keywords/optOut/keywords', 'has more than 1000 entries']]);
  });

  it('refuses a reply nesting {{#if}} 10,000 deep with a 422 naming the limit', async () => {
    const reply = `${'{{#if keyword}}'.repeat(10_000)}hi${'{{/if}}'.repeat(10_000)}`;
    const body = sinchRuleFile('deep-reply', { keywords: { help: { reply } } });
    const refused = await api(service.baseUrl, 'POST', '/api/webhooks', { body });
    expect(refused.status, refused.text).to.equal(422);
    expect(problemsOf(refused.body)).to.deep.equal([
      [
        '/keywords/help/reply',
        `blocks nest more than ${MAX_TEMPLATE_NESTING} deep (line 1, column ${MAX_TEMPLATE_NESTING * 15 + 1} of the reply)`,
      ],
    ]);
  });

  it('refuses a rule file nested 5,000 levels with a 422, not a 500', async () => {
    const text = `{"id":"deep","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const refused = await api(service.baseUrl, 'POST', '/api/webhooks', { body: text });
    expect(refused.status, refused.text).to.equal(422);
    expect(problemsOf(refused.body)).to.deep.equal([
      ['', `invalid JSON: nested more than ${MAX_JSON_DEPTH} levels deep`],
    ]);
  });
});
