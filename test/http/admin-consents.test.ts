import { expect } from 'chai';
import type { Store } from '../../src/store/store.ts';
import { api } from '../support/admin-api.ts';
import * as callbacks from '../support/callbacks.ts';
import { backends } from '../support/store-backends.ts';
import { postJson, startService, type RunningService } from '../support/service.ts';

for (const backend of backends()) {
  describe(`consent export and audiences through the admin API, on the ${backend.name}`, () => {
    let store: Store;
    let service: RunningService;
    const sent = async (webhookId: string, requestId: string, from: string, text: string, at: string) => {
      const body = callbacks.sinch.inbound({
        requestId,
        from,
        to: webhookId === 'e2e-sinch' ? '+15550100' : '+15550105',
        text,
        at: new Date(at),
      });
      const response = await postJson(service.urlOf(webhookId), body);
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
    };

    before(async () => {
      store = await backend.open();
      service = await startService({ store });
      await sent('e2e-sinch', 'c-1', '+12025550801', 'STOP', '2024-03-01T09:00:00Z');
      await sent('e2e-sinch', 'c-2', '+12025550802', 'JOIN', '2024-04-01T09:00:00Z');
      await sent('e2e-sinch', 'c-3', '+12025550802', 'YES', '2024-04-01T09:05:00Z');
      await sent('e2e-sinch', 'c-4', '+12025550803', 'PROMO', '2024-04-02T09:00:00Z');
      await sent('e2e-sinch', 'c-5', '+12025550803', 'promo', '2024-04-03T09:00:00Z');
      await sent('e2e-sinch', 'c-6', '+12025550801', 'PROMO', '2024-02-01T09:00:00Z');
    });
    after(async () => {
      await service.close();
      await store.close();
    });

    it('exports every consent as JSON, ordered by number', async () => {
      const exported = await api(service.baseUrl, 'GET', '/api/consents?format=json');
      expect(exported.status).to.equal(200);
      const rows = (exported.body.consents as Array<Record<string, unknown>>).filter((row) =>
        String(row.profileNumber).startsWith('+120255508'),
      );
      expect(rows.map((row) => [row.profileNumber, row.senderNumber, row.state])).to.deep.equal([
        ['+12025550801', '+15550100', 'opted-out'],
        ['+12025550802', '+15550100', 'opted-in'],
      ]);
    });

    it('exports consents as CSV with a header, and only those changed since a date', async () => {
      const exported = await api(service.baseUrl, 'GET', '/api/consents?format=csv&since=2024-03-15');
      expect(exported.status).to.equal(200);
      expect(exported.headers.get('content-type')).to.match(/^text\/csv/);
      const lines = exported.text.trim().split('\r\n');
      expect(lines[0]).to.equal('profileNumber,senderNumber,state,changedAt,version');
      expect(lines.filter((line) => line.startsWith('+120255508'))).to.deep.equal([
        '+12025550802,+15550100,opted-in,2024-04-01T09:05:00.000Z,2',
      ]);
    });

    it('lists the audience of the custom keyword since a date, in JSON and CSV', async () => {
      const json = await api(service.baseUrl, 'GET', '/api/audiences?webhookId=e2e-sinch&since=2024-03-01');
      expect(json.status, json.text).to.equal(200);
      expect(json.body).to.deep.include({ webhookId: 'e2e-sinch', since: '2024-03-01T00:00:00.000Z' });
      expect(json.body.members).to.deep.equal([
        {
          profileNumber: '+12025550803',
          firstAt: '2024-04-02T09:00:00.000Z',
          lastAt: '2024-04-03T09:00:00.000Z',
          count: 2,
        },
      ]);
      const csv = await api(service.baseUrl, 'GET', '/api/audiences?webhookId=e2e-sinch&since=2024-01-01&format=csv');
      expect(csv.text.trim().split('\r\n')).to.deep.equal([
        'profileNumber,firstAt,lastAt,count',
        '+12025550801,2024-02-01T09:00:00.000Z,2024-02-01T09:00:00.000Z,1',
        '+12025550803,2024-04-02T09:00:00.000Z,2024-04-03T09:00:00.000Z,2',
      ]);
    });

    it('refuses bad query parameters listing every problem', async () => {
      const refused = await api(service.baseUrl, 'GET', '/api/audiences?since=yesterday&format=xml');
      expect(refused.status).to.equal(422);
      expect((refused.body.problems as Array<{ path: string }>).map((problem) => problem.path)).to.have.members([
        'query.since',
        'query.format',
      ]);
      expect((await api(service.baseUrl, 'GET', '/api/audiences')).body.problems).to.deep.equal([
        { path: 'query.since', message: 'is required (an ISO-8601 date or date-time, e.g. 2024-05-01)' },
      ]);
      expect(
        (await api(service.baseUrl, 'GET', '/api/events?limit=0&webhookId=a&webhookId=b')).body.problems,
      ).to.deep.equal([
        { path: 'query.webhookId', message: 'must be a string' },
        { path: 'query.limit', message: 'must be >= 1' },
      ]);
      expect((await api(service.baseUrl, 'GET', '/api/consents?since=2024-13-45')).body.problems).to.deep.equal([
        { path: 'query.since', message: 'must be an ISO-8601 date or date-time, e.g. 2024-05-01' },
      ]);
    });

    it('looks a number up with its consent history', async () => {
      const lookup = await api(service.baseUrl, 'GET', '/api/consents/12025550802');
      const [consent] = lookup.body.consents as Array<{ state: string; history: Array<{ text: string; to: string }> }>;
      expect(consent?.state).to.equal('opted-in');
      expect(consent?.history.map((entry) => [entry.text, entry.to])).to.deep.equal([
        ['JOIN', 'pending'],
        ['YES', 'opted-in'],
      ]);
    });
  });
}
