import { expect } from 'chai';
import type { Store } from '../../src/store/store.ts';
import { sqliteBackend } from '../support/store-backends.ts';
import { ADMIN_TOKEN, postJson, startService, type RunningService } from '../support/service.ts';
import * as callbacks from '../support/callbacks.ts';

describe('a webhook whose verification secret is not set on the server', () => {
  let store: Store;
  let service: RunningService;

  before(async () => {
    store = await sqliteBackend.open();
    service = await startService({ store, env: {} });
  });
  after(async () => {
    await service.close();
    await store.close();
  });

  it('refuses its callbacks with 401 naming the missing variable, stores nothing, and says so in the API', async () => {
    const body = callbacks.infobip.inbound({
      requestId: 'unverifiable-1',
      from: '+12025550199',
      to: '+15550106',
      text: 'STOP',
      at: new Date(),
    });
    const response = await postJson(service.urlOf('e2e-infobip-auth'), body, {
      authorization: `Basic ${Buffer.from('infobip:anything').toString('base64')}`,
    });
    expect(response.status).to.equal(401);
    expect(response.body.message).to.match(/E2E_INFOBIP_PASSWORD is not set/);
    expect(await store.listEvents({ profileNumber: '+12025550199' })).to.deep.equal([]);
    const listing = (await (
      await fetch(`${service.baseUrl}/api/webhooks`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).json()) as {
      webhooks: Array<{ id: string; warning: string | null }>;
    };
    expect(listing.webhooks.find((webhook) => webhook.id === 'e2e-infobip-auth')?.warning).to.match(
      /E2E_INFOBIP_PASSWORD/,
    );
    expect(listing.webhooks.find((webhook) => webhook.id === 'e2e-sinch')?.warning).to.equal(null);
  });
});
