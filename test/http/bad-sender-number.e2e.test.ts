// A sender that is not a phone number is refused with a 422 naming its JSON path, never stored as a STOP that
// moves nothing and answers nothing (issue 15, finding 12). A batch with one such element is refused whole,
// as a batch with a missing value is: nothing of it is stored, so the provider's retry after a fix loses none.
import { expect } from 'chai';
import type { Store } from '../../src/store/store.ts';
import { backends } from '../support/store-backends.ts';
import { postJson, startService, type RunningService } from '../support/service.ts';
import * as callbacks from '../support/callbacks.ts';

let sequence = 0;
const nextId = () => `bad-from-${Date.now().toString(36)}-${++sequence}`;

for (const backend of backends()) {
  describe(`inbound events whose sender is not a phone number, on the ${backend.name}`, function () {
    let store: Store;
    let service: RunningService;

    before(async () => {
      store = await backend.open();
      service = await startService({ store });
    });
    after(async () => {
      await service.close();
      await store.close();
    });

    for (const from of ['abc', '', '+', '12']) {
      it(`refuses a STOP from ${JSON.stringify(from)} with a 422 naming $.from, and stores nothing`, async () => {
        const requestId = nextId();
        const body = callbacks.sinch.inbound({
          requestId,
          from: '+12025550100',
          to: '+15550100',
          text: 'STOP',
          at: new Date(),
        });
        const response = await postJson(service.urlOf('e2e-sinch'), { ...(body as object), from });
        expect(response.status, JSON.stringify(response.body)).to.equal(422);
        expect(response.body).to.include({ error: 'payload_mismatch' });
        expect(response.body.message).to.match(/\$\.from/);
        expect(
          (await store.listEvents({ webhookId: 'e2e-sinch', limit: 1000 })).map((event) => event.requestId),
        ).not.to.include(requestId);
      });
    }

    it('refuses a whole batch with one bad sender, naming that element, and stores none of it', async () => {
      const good = callbacks.infobip.inbound({
        requestId: nextId(),
        from: '+12025550101',
        to: '+15550102',
        text: 'STOP',
        at: new Date(),
      }) as {
        results: Array<Record<string, unknown>>;
      };
      const bad = { ...good.results[0], messageId: nextId(), from: 'abc' };
      const response = await postJson(
        service.urlOf('e2e-infobip-in'),
        { ...good, results: [good.results[0], bad], messageCount: 2 },
        {
          authorization: `Basic ${Buffer.from('e2e:infobip-password').toString('base64')}`,
        },
      );
      expect(response.status, JSON.stringify(response.body)).to.equal(422);
      expect(response.body.message).to.match(/\$\.results\[1\]\.from/);
      expect(await store.listEvents({ profileNumber: '+12025550101' })).to.deep.equal([]);
    });

    it('still stores a STOP from a well-formed number', async () => {
      const requestId = nextId();
      const body = callbacks.sinch.inbound({
        requestId,
        from: '+12025550102',
        to: '+15550100',
        text: 'STOP',
        at: new Date(),
      });
      expect((await postJson(service.urlOf('e2e-sinch'), body)).status).to.equal(200);
      expect((await store.consent({ senderNumber: '+15550100', profileNumber: '+12025550102' })).state).to.equal(
        'opted-out',
      );
    });
  });
}
