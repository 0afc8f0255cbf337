import { expect } from 'chai';
import type { Router } from 'express';
import { pino } from 'pino';
import { createApp } from '../../src/http/create-app.ts';
import { eventIdOf } from '../../src/store/idempotency-keys.ts';
import { OPENAPI_DOCUMENT } from '../../src/http/openapi.ts';
import type { Store } from '../../src/store/store.ts';
import { api, documentedResponses, expectDocumented, sinchRuleFile } from '../support/admin-api.ts';
import * as callbacks from '../support/callbacks.ts';
import { sqliteBackend } from '../support/store-backends.ts';
import { ADMIN_TOKEN, postJson, startService, type RunningService } from '../support/service.ts';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every "METHOD /path" Express has registered, with :params written as OpenAPI {params}. */
function registeredRoutes(stack: Layer[]): string[] {
  const routes: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
      for (const [method, on] of Object.entries(layer.route.methods))
        if (on && method !== '_all') routes.push(`${method.toUpperCase()} ${path}`);
    } else if (layer.handle?.stack) {
      routes.push(...registeredRoutes(layer.handle.stack));
    }
  }
  return routes;
}

function documentedRoutes(): string[] {
  return Object.entries(OPENAPI_DOCUMENT.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => ['get', 'put', 'post', 'delete', 'patch'].includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

// Every documented response is produced here and checked against the document, except the store outage
// (test/http/admin-outage.test.ts checks one 503 against the document).
const NOT_PRODUCED_HERE = / 503$/;

const badJson = '{"name":';
const tooLarge = JSON.stringify({ padding: 'A'.repeat(300 * 1024) });
const notGzip = { body: 'this is not gzip', headers: { 'content-encoding': 'gzip' } };

describe('the OpenAPI document', () => {
  let store: Store;
  let service: RunningService;
  const produced = new Set<string>();

  /** Calls a route, expects `status`, and checks the response against the document. */
  async function expectAnswer(
    status: number,
    method: string,
    route: string,
    path: string,
    options: Parameters<typeof api>[3] = {},
  ) {
    const response = await api(service.baseUrl, method, path, options);
    expect(response.status, `${method} ${path}: ${response.text.slice(0, 300)}`).to.equal(status);
    expectDocumented(route, method.toLowerCase(), response);
    produced.add(`${method} ${route} ${response.status}`);
    return response;
  }

  /** 400 (body is not JSON, or does not inflate), 413 and 415, as every route that takes a body answers them. */
  async function expectBodyRefusals(method: string, route: string, path: string) {
    if (!route.startsWith('/api/webhooks')) await expectAnswer(400, method, route, path, { body: badJson });
    await expectAnswer(400, method, route, path, notGzip);
    await expectAnswer(413, method, route, path, { body: tooLarge });
    await expectAnswer(415, method, route, path, { body: 'name=x', contentType: 'application/x-www-form-urlencoded' });
  }

  before(async () => {
    store = await sqliteBackend.open();
    service = await startService({ store });
  });
  after(async () => {
    await service.close();
    await store.close();
  });

  it('documents every registered /api route, and routes every documented one', () => {
    const app = createApp({
      store,
      admin: service.admin,
      adminTokens: [],
      publicUrl: 'http://x',
      logger: pino({ level: 'silent' }),
    });
    const routes = registeredRoutes((app as unknown as { router: Router & { stack: Layer[] } }).router.stack).filter(
      (route) => route.includes(' /api/'),
    );
    expect(routes.length).to.be.greaterThan(15);
    expect([...new Set(routes)].sort()).to.deep.equal(documentedRoutes().sort());
  });

  it('is served publicly as OpenAPI 3.1', async () => {
    const served = await expectAnswer(200, 'GET', '/api/openapi.json', '/api/openapi.json', { token: 'none' });
    expect(served.body.openapi).to.equal('3.1.0');
    expect(served.body).to.deep.equal(JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
  });

  it('describes the answers of the webhook routes, successes and errors', async () => {
    await expectAnswer(200, 'GET', '/api/webhooks', '/api/webhooks');
    await expectAnswer(201, 'POST', '/api/webhooks', '/api/webhooks', { body: sinchRuleFile('openapi-hook') });
    await expectAnswer(422, 'POST', '/api/webhooks', '/api/webhooks', { body: { id: 'x' } });
    await expectAnswer(409, 'POST', '/api/webhooks', '/api/webhooks', { body: sinchRuleFile('openapi-hook') });
    await expectBodyRefusals('POST', '/api/webhooks', '/api/webhooks');
    await expectAnswer(200, 'GET', '/api/webhooks/{id}', '/api/webhooks/openapi-hook');
    await expectAnswer(200, 'GET', '/api/webhooks/{id}', '/api/webhooks/e2e-sinch');
    await expectAnswer(404, 'GET', '/api/webhooks/{id}', '/api/webhooks/nothing');
    await expectAnswer(200, 'PUT', '/api/webhooks/{id}', '/api/webhooks/openapi-hook', {
      body: sinchRuleFile('openapi-hook', { version: '2.0.0' }),
    });
    await expectAnswer(422, 'PUT', '/api/webhooks/{id}', '/api/webhooks/openapi-hook', {
      body: sinchRuleFile('openapi-hook', { version: 2 }),
    });
    await expectAnswer(409, 'PUT', '/api/webhooks/{id}', '/api/webhooks/e2e-sinch', {
      body: sinchRuleFile('e2e-sinch'),
    });
    await expectAnswer(404, 'PUT', '/api/webhooks/{id}', '/api/webhooks/nothing', { body: sinchRuleFile('nothing') });
    await expectBodyRefusals('PUT', '/api/webhooks/{id}', '/api/webhooks/openapi-hook');
    await expectAnswer(200, 'GET', '/api/webhooks/{id}/revisions', '/api/webhooks/openapi-hook/revisions');
    await expectAnswer(404, 'GET', '/api/webhooks/{id}/revisions', '/api/webhooks/nothing/revisions');
    await expectAnswer(204, 'DELETE', '/api/webhooks/{id}', '/api/webhooks/openapi-hook');
    await expectAnswer(200, 'GET', '/api/webhooks/{id}/revisions', '/api/webhooks/openapi-hook/revisions');
    await expectAnswer(409, 'DELETE', '/api/webhooks/{id}', '/api/webhooks/e2e-sinch');
    await expectAnswer(404, 'DELETE', '/api/webhooks/{id}', '/api/webhooks/nothing');
  });

  it('describes the SNS subscription confirmations a webhook received', async () => {
    const route = '/api/webhooks/{id}/subscription-confirmations';
    const message = {
      Type: 'SubscriptionConfirmation',
      MessageId: 'openapi-1',
      Token: 'token',
      TopicArn: 'arn:aws:sns:eu-west-1:123456789012:openapi',
      Message: 'You have chosen to subscribe.',
      SubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=token',
      Timestamp: '2024-05-01T10:00:00.000Z',
      SignatureVersion: '1',
      Signature: 'c2ln',
      SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-x.pem',
    };
    const posted = await postJson(service.urlOf('e2e-telnyx-in'), JSON.stringify(message), {
      'content-type': 'text/plain; charset=UTF-8',
      'x-amz-sns-message-type': 'SubscriptionConfirmation',
    });
    expect(posted.status).to.equal(200);
    const shown = await expectAnswer(200, 'GET', route, '/api/webhooks/e2e-telnyx-in/subscription-confirmations');
    expect(shown.body.confirmations).to.have.length(1);
    await expectAnswer(404, 'GET', route, '/api/webhooks/nothing/subscription-confirmations');
  });

  it('describes the answers of the credentials and channel routes, successes and errors', async () => {
    const credentials = {
      name: 'openapi-creds',
      vendor: 'infobip',
      baseUrl: 'https://x.api.infobip.com',
      accountId: '',
      secret: 'k-123',
      options: { region: 'eu' },
    };
    await expectAnswer(201, 'POST', '/api/credentials', '/api/credentials', { body: credentials });
    await expectAnswer(409, 'POST', '/api/credentials', '/api/credentials', { body: credentials });
    await expectAnswer(422, 'POST', '/api/credentials', '/api/credentials', {
      body: { ...credentials, vendor: 'twilio' },
    });
    await expectBodyRefusals('POST', '/api/credentials', '/api/credentials');
    await expectAnswer(200, 'GET', '/api/credentials', '/api/credentials');
    await expectAnswer(200, 'GET', '/api/credentials/{name}', '/api/credentials/openapi-creds');
    await expectAnswer(200, 'GET', '/api/credentials/{name}', '/api/credentials/e2e-sinch-creds');
    await expectAnswer(404, 'GET', '/api/credentials/{name}', '/api/credentials/nothing');
    const update = { vendor: 'infobip', baseUrl: 'https://y.api.infobip.com' };
    await expectAnswer(200, 'PUT', '/api/credentials/{name}', '/api/credentials/openapi-creds', { body: update });
    await expectAnswer(422, 'PUT', '/api/credentials/{name}', '/api/credentials/openapi-creds', {
      body: { ...update, baseUrl: 'ftp://x' },
    });
    await expectAnswer(409, 'PUT', '/api/credentials/{name}', '/api/credentials/e2e-sinch-creds', { body: update });
    await expectAnswer(404, 'PUT', '/api/credentials/{name}', '/api/credentials/nothing', { body: update });
    await expectBodyRefusals('PUT', '/api/credentials/{name}', '/api/credentials/openapi-creds');

    const channel = { name: 'openapi-channel', credentials: 'openapi-creds', senderNumbers: ['+15550160'] };
    await expectAnswer(201, 'POST', '/api/channel-configurations', '/api/channel-configurations', { body: channel });
    await expectAnswer(409, 'POST', '/api/channel-configurations', '/api/channel-configurations', { body: channel });
    await expectAnswer(422, 'POST', '/api/channel-configurations', '/api/channel-configurations', {
      body: { ...channel, senderNumbers: ['+1'] },
    });
    await expectBodyRefusals('POST', '/api/channel-configurations', '/api/channel-configurations');
    await expectAnswer(200, 'GET', '/api/channel-configurations', '/api/channel-configurations');
    await expectAnswer(200, 'GET', '/api/channel-configurations/{name}', '/api/channel-configurations/openapi-channel');
    await expectAnswer(404, 'GET', '/api/channel-configurations/{name}', '/api/channel-configurations/nothing');
    await expectAnswer(
      200,
      'PUT',
      '/api/channel-configurations/{name}',
      '/api/channel-configurations/openapi-channel',
      { body: channel },
    );
    await expectAnswer(
      422,
      'PUT',
      '/api/channel-configurations/{name}',
      '/api/channel-configurations/openapi-channel',
      { body: { ...channel, name: 'other' } },
    );
    await expectAnswer(409, 'PUT', '/api/channel-configurations/{name}', '/api/channel-configurations/e2e-sinch', {
      body: channel,
    });
    await expectAnswer(404, 'PUT', '/api/channel-configurations/{name}', '/api/channel-configurations/nothing', {
      body: { ...channel, name: undefined },
    });
    await expectBodyRefusals(
      'PUT',
      '/api/channel-configurations/{name}',
      '/api/channel-configurations/openapi-channel',
    );

    await expectAnswer(409, 'DELETE', '/api/credentials/{name}', '/api/credentials/openapi-creds');
    await expectAnswer(409, 'DELETE', '/api/channel-configurations/{name}', '/api/channel-configurations/e2e-sinch');
    await expectAnswer(
      204,
      'DELETE',
      '/api/channel-configurations/{name}',
      '/api/channel-configurations/openapi-channel',
    );
    await expectAnswer(
      404,
      'DELETE',
      '/api/channel-configurations/{name}',
      '/api/channel-configurations/openapi-channel',
    );
    await expectAnswer(204, 'DELETE', '/api/credentials/{name}', '/api/credentials/openapi-creds');
    await expectAnswer(404, 'DELETE', '/api/credentials/{name}', '/api/credentials/openapi-creds');
  });

  it('describes the answers of the consent, audience and event routes, successes and errors', async () => {
    const inbound = callbacks.sinch.inbound({
      requestId: 'openapi-1',
      from: '+12025550701',
      to: '+15550100',
      text: 'STOP',
      at: new Date('2024-05-01T10:00:00Z'),
    });
    expect((await postJson(service.urlOf('e2e-sinch'), inbound)).status).to.equal(200);
    expect((await expectAnswer(200, 'GET', '/api/consents', '/api/consents')).body.consents).to.have.length.greaterThan(
      0,
    );
    await expectAnswer(200, 'GET', '/api/consents', '/api/consents?format=csv&since=2024-01-01');
    await expectAnswer(422, 'GET', '/api/consents', '/api/consents?since=never');
    const lookup = await expectAnswer(200, 'GET', '/api/consents/{number}', '/api/consents/+12025550701');
    expect(lookup.body.consents).to.have.length(1);
    await expectAnswer(400, 'GET', '/api/consents/{number}', '/api/consents/abc');
    await expectAnswer(200, 'GET', '/api/audiences', '/api/audiences?since=2024-01-01');
    await expectAnswer(422, 'GET', '/api/audiences', '/api/audiences');
    expect(
      (await expectAnswer(200, 'GET', '/api/events', '/api/events?limit=5')).body.events,
    ).to.have.length.greaterThan(0);
    await expectAnswer(422, 'GET', '/api/events', '/api/events?limit=0');
    await expectAnswer(400, 'GET', '/api/events', '/api/events?profileNumber=abc');
  });

  it('describes the answers of the migration route, successes and errors', async () => {
    const entry = {
      name: 'OpenAPI legacy',
      vendor: 'infobip',
      apiBaseUrl: 'https://openapi.api.infobip.com',
      apiKey: 'legacy-key',
      inboundNumber: '+15550170',
    };
    const dry = await expectAnswer(200, 'POST', '/api/migrations', '/api/migrations?dryRun=true', {
      body: { apiCredentials: [entry, { name: 'Old', vendor: 'twilio' }] },
    });
    expect(dry.body).to.include({ dryRun: true, migrated: 1, refused: 1 });
    await expectAnswer(200, 'POST', '/api/migrations', '/api/migrations', { body: { apiCredentials: [entry] } });
    await expectAnswer(422, 'POST', '/api/migrations', '/api/migrations', { body: { apiCredentials: 'all' } });
    await expectBodyRefusals('POST', '/api/migrations', '/api/migrations');
  });

  it('describes the answers of the message routes, successes and errors', async () => {
    const inbound = callbacks.sinch.inbound({
      requestId: 'openapi-message',
      from: '+12025550702',
      to: '+15550100',
      text: 'STOP',
      at: new Date('2024-05-01T10:00:00Z'),
    });
    expect((await postJson(service.urlOf('e2e-sinch'), inbound)).status).to.equal(200);
    const reference = eventIdOf('e2e-sinch', 'openapi-message');
    const report = callbacks.sinch.feedback({ reference, to: '+12025550702', outcome: 'delivered' });
    const foreign = callbacks.sinch.feedback({ reference: 'openapi-foreign', to: '+12025550703', outcome: 'failed' });
    for (const body of [report, foreign])
      expect((await postJson(service.urlOf('e2e-sinch'), body)).status).to.equal(200);
    const listed = await expectAnswer(200, 'GET', '/api/messages', '/api/messages?limit=1');
    expect(listed.body.next).to.equal('openapi-foreign');
    await expectAnswer(200, 'GET', '/api/messages', '/api/messages?format=csv&since=2024-01-01&status=failed');
    await expectAnswer(422, 'GET', '/api/messages', '/api/messages?to=abc');
    const message = await expectAnswer(200, 'GET', '/api/messages/{id}', `/api/messages/${reference}`);
    expect(message.body).to.deep.include({ status: 'delivered', state: 'pending' });
    expect((message.body.history as unknown[]).length).to.equal(1);
    await expectAnswer(200, 'GET', '/api/messages/{id}', '/api/messages/openapi-foreign');
    await expectAnswer(404, 'GET', '/api/messages/{id}', '/api/messages/nothing');
  });

  it('describes the answers of the review queue and the rule simulation, successes and errors', async () => {
    const fuzzy = callbacks.sinch.inbound({
      requestId: 'openapi-review',
      from: '+12025550704',
      to: '+15550100',
      text: 'stpo',
      at: new Date('2024-05-01T10:00:00Z'),
    });
    expect((await postJson(service.urlOf('e2e-sinch'), fuzzy)).status).to.equal(200);
    const id = eventIdOf('e2e-sinch', 'openapi-review');
    const listed = await expectAnswer(200, 'GET', '/api/reviews', '/api/reviews?webhookId=e2e-sinch&since=2024-01-01');
    expect(listed.body.reviews).to.have.length(1);
    await expectAnswer(422, 'GET', '/api/reviews', '/api/reviews?state=closed');
    await expectAnswer(200, 'GET', '/api/reviews/{id}', `/api/reviews/${id}`);
    await expectAnswer(404, 'GET', '/api/reviews/{id}', '/api/reviews/nothing');
    await expectAnswer(422, 'POST', '/api/reviews/{id}', `/api/reviews/${id}`, { body: { decision: 'later' } });
    await expectAnswer(404, 'POST', '/api/reviews/{id}', '/api/reviews/nothing', { body: { decision: 'dismiss' } });
    await expectBodyRefusals('POST', '/api/reviews/{id}', `/api/reviews/${id}`);
    await expectAnswer(200, 'POST', '/api/reviews/{id}', `/api/reviews/${id}`, {
      body: { decision: 'opt-out', note: 'meant STOP' },
    });
    await expectAnswer(409, 'POST', '/api/reviews/{id}', `/api/reviews/${id}`, { body: { decision: 'dismiss' } });
    const lookup = await expectAnswer(200, 'GET', '/api/consents/{number}', '/api/consents/+12025550704');
    expect(JSON.stringify(lookup.body)).to.include('meant STOP');

    const route = '/api/webhooks/{id}/simulate';
    const report = await expectAnswer(200, 'POST', route, '/api/webhooks/e2e-sinch/simulate?showText=true&limit=10', {
      body: sinchRuleFile('e2e-sinch'),
    });
    expect(report.body.events).to.be.greaterThan(0);
    await expectAnswer(422, 'POST', route, '/api/webhooks/e2e-sinch/simulate', { body: { id: 'e2e-sinch' } });
    await expectAnswer(404, 'POST', route, '/api/webhooks/nothing/simulate', { body: sinchRuleFile('nothing') });
    await expectBodyRefusals('POST', route, '/api/webhooks/e2e-sinch/simulate');
  });

  it('describes the 401 of every route behind the token', async () => {
    for (const [route, item] of Object.entries(OPENAPI_DOCUMENT.paths)) {
      for (const method of Object.keys(item).filter((key) => ['get', 'put', 'post', 'delete'].includes(key))) {
        if (route === '/api/openapi.json') continue;
        await expectAnswer(401, method.toUpperCase(), route, route.replace(/\{\w+\}/g, 'x'), {
          token: `${ADMIN_TOKEN}-wrong`,
        });
      }
    }
  });

  it('every documented answer was produced and checked (but a store outage)', () => {
    const missing = documentedResponses().filter(
      (response) => !produced.has(response) && !NOT_PRODUCED_HERE.test(response),
    );
    expect(missing).to.deep.equal([]);
    expect(produced.size).to.be.greaterThan(70);
  });
});
