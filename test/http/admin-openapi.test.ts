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
    const evidence = '/api/consents/{number}/evidence';
    const found = await expectAnswer(200, 'GET', evidence, '/api/consents/+12025550701/evidence');
    expect(found.body).to.include({ profileNumber: '+12025550701', intact: true });
    await expectAnswer(400, 'GET', evidence, '/api/consents/abc/evidence');
    await expectAnswer(200, 'GET', '/api/audiences', '/api/audiences?since=2024-01-01');
    await expectAnswer(422, 'GET', '/api/audiences', '/api/audiences');
    expect(
      (await expectAnswer(200, 'GET', '/api/events', '/api/events?limit=5')).body.events,
    ).to.have.length.greaterThan(0);
    await expectAnswer(422, 'GET', '/api/events', '/api/events?limit=0');
    await expectAnswer(422, 'GET', '/api/events', '/api/events?before=not-a-cursor');
    await expectAnswer(400, 'GET', '/api/events', '/api/events?profileNumber=abc');
    const [event] = (await expectAnswer(200, 'GET', '/api/events', '/api/events?limit=1')).body.events as Array<{
      bodyId: string;
    }>;
    await expectAnswer(200, 'GET', '/api/bodies/{id}', `/api/bodies/${event?.bodyId ?? ''}`);
    await expectAnswer(404, 'GET', '/api/bodies/{id}', '/api/bodies/no-such-body');
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
    // The evidence holds the reply with its delivery history, as the Message schema has it.
    const evidence = await expectAnswer(
      200,
      'GET',
      '/api/consents/{number}/evidence',
      '/api/consents/+12025550702/evidence',
    );
    expect(JSON.stringify(evidence.body)).to.contain('"status":"delivered"');
  });

  it('describes the answers of the console session routes, successes and errors', async () => {
    await expectAnswer(200, 'GET', '/api/console-config', '/api/console-config', { token: 'none' });
    const signedIn = await expectAnswer(201, 'POST', '/api/session', '/api/session', { body: { token: ADMIN_TOKEN } });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    await expectAnswer(401, 'POST', '/api/session', '/api/session', { body: { token: 'wrong' } });
    await expectAnswer(422, 'POST', '/api/session', '/api/session', { body: { token: 7 } });
    await expectBodyRefusals('POST', '/api/session', '/api/session');
    await expectAnswer(200, 'GET', '/api/session', '/api/session', { headers: { cookie } });
    await expectAnswer(403, 'DELETE', '/api/session', '/api/session', { token: 'none', headers: { cookie } });
    await expectAnswer(204, 'DELETE', '/api/session', '/api/session', {
      token: 'none',
      headers: { cookie, 'x-csrf-token': String(signedIn.body.csrfToken) },
    });
    const off = await startService({ store, adminTokens: [] });
    const limited = await startService({ store, rateLimits: { signInsPerMinute: 1, requestsPerMinute: 1 } });
    try {
      const offAnswer = await api(off.baseUrl, 'POST', '/api/session', { body: { token: ADMIN_TOKEN } });
      expect(offAnswer.status).to.equal(404);
      expectDocumented('/api/session', 'post', offAnswer);
      produced.add('POST /api/session 404');
      for (const [method, status] of [
        ['POST', 201],
        ['POST', 429],
        ['GET', 401],
        ['GET', 429],
        ['DELETE', 204],
        ['DELETE', 429],
      ] as const) {
        const answer = await api(limited.baseUrl, method, '/api/session', {
          token: 'none',
          ...(method === 'POST' ? { body: { token: ADMIN_TOKEN } } : {}),
        });
        expect(answer.status, `${method} ${answer.text}`).to.equal(status);
        expectDocumented('/api/session', method.toLowerCase(), answer);
        produced.add(`${method} /api/session ${status}`);
      }
      const workbench = { kind: 'inbound', template: '{"text": "{{inboundMessage}}"}' };
      expect((await api(limited.baseUrl, 'POST', '/api/templates/check', { body: workbench })).status).to.equal(200);
      for (const route of ['/api/templates/check', '/api/templates/extract', '/api/classify']) {
        const answer = await api(limited.baseUrl, 'POST', route, { body: { ...workbench, payload: '{}' } });
        expect(answer.status, `${route} ${answer.text}`).to.equal(429);
        expectDocumented(route, 'post', answer);
        produced.add(`POST ${route} 429`);
      }
      const report = await api(limited.baseUrl, 'GET', '/api/reports/daily');
      expect(report.status).to.equal(429);
      expectDocumented('/api/reports/daily', 'get', report);
      produced.add('GET /api/reports/daily 429');
    } finally {
      await off.close();
      await limited.close();
    }
  });

  it('describes the answers of the console workbench routes, successes and errors', async () => {
    const template = '{"from": "{{profileNumber}}", "text": "{{inboundMessage}}", "id": "{{requestId}}"}';
    const checkRoute = '/api/templates/check';
    await expectAnswer(200, 'POST', checkRoute, checkRoute, { body: { kind: 'inbound', template } });
    await expectAnswer(200, 'POST', checkRoute, checkRoute, { body: { kind: 'inbound', template: '{"a": {{x}}}' } });
    await expectAnswer(422, 'POST', checkRoute, checkRoute, { body: { kind: 'sideways', template } });
    await expectBodyRefusals('POST', checkRoute, checkRoute);
    const extractRoute = '/api/templates/extract';
    const payload = JSON.stringify({ from: '+12025550123', text: 'STOP', id: 'r-1' });
    const extracted = await expectAnswer(200, 'POST', extractRoute, extractRoute, {
      body: { kind: 'inbound', template, payload },
    });
    expect(extracted.body.matched).to.equal(true);
    await expectAnswer(200, 'POST', extractRoute, extractRoute, {
      body: { kind: 'inbound', template, payload: '{"text": 1}' },
    });
    await expectAnswer(422, 'POST', extractRoute, extractRoute, { body: { kind: 'inbound', template: '{', payload } });
    await expectBodyRefusals('POST', extractRoute, extractRoute);
    const classifyRoute = '/api/classify';
    await expectAnswer(200, 'POST', classifyRoute, classifyRoute, { body: { text: 'STOP', webhookId: 'e2e-sinch' } });
    await expectAnswer(200, 'POST', classifyRoute, classifyRoute, {
      body: { text: 'stpo', ruleFile: sinchRuleFile('trial'), from: '+15550123' },
    });
    await expectAnswer(404, 'POST', classifyRoute, classifyRoute, { body: { text: 'STOP', webhookId: 'nothing' } });
    await expectAnswer(422, 'POST', classifyRoute, classifyRoute, { body: { text: 'STOP', ruleFile: { id: 'x' } } });
    await expectBodyRefusals('POST', classifyRoute, classifyRoute);
    await expectAnswer(200, 'GET', '/api/reports/daily', '/api/reports/daily?since=2024-01-01&until=2024-03-31');
    await expectAnswer(200, 'GET', '/api/reports/daily', '/api/reports/daily?webhookId=e2e-sinch');
    await expectAnswer(422, 'GET', '/api/reports/daily', '/api/reports/daily?since=2024-13-01');
    // Written with the session cookie but without its CSRF token: 403.
    const signedIn = await api(service.baseUrl, 'POST', '/api/session', { body: { token: ADMIN_TOKEN } });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    for (const route of [checkRoute, extractRoute, classifyRoute]) {
      const refused = await fetch(`${service.baseUrl}${route}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: '{}',
      });
      const text = await refused.text();
      expect(refused.status).to.equal(403);
      expectDocumented(route, 'post', { status: 403, text, body: JSON.parse(text), headers: refused.headers });
      produced.add(`POST ${route} 403`);
    }
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
        const operation = (item as Record<string, { security?: unknown[] }>)[method];
        if (operation?.security?.length === 0) continue; // public: this document, sign-in and out, console config
        await expectAnswer(401, method.toUpperCase(), route, route.replace(/\{\w+\}/g, 'x'), {
          token: `${ADMIN_TOKEN}-wrong`,
        });
      }
    }
  });

  it('describes the 403 of every write made with the session cookie but without its CSRF token', async () => {
    const signedIn = await api(service.baseUrl, 'POST', '/api/session', { body: { token: ADMIN_TOKEN } });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    let writes = 0;
    for (const [route, item] of Object.entries(OPENAPI_DOCUMENT.paths)) {
      for (const method of Object.keys(item).filter((key) => ['put', 'post', 'delete'].includes(key))) {
        const operation = (item as Record<string, { security?: unknown[] }>)[method];
        if (operation?.security?.length === 0) continue; // public: sign-in and out
        // Fetched directly: the api helper always sends a bearer token, which bypasses the cookie's check.
        const refused = await fetch(`${service.baseUrl}${route.replace(/\{\w+\}/g, 'x')}`, {
          method: method.toUpperCase(),
          headers: { cookie, 'content-type': 'application/json' },
          ...(method === 'delete' ? {} : { body: '{}' }),
        });
        const text = await refused.text();
        expect(refused.status, `${method} ${route}: ${text}`).to.equal(403);
        expectDocumented(route, method, { status: 403, text, body: JSON.parse(text), headers: refused.headers });
        produced.add(`${method.toUpperCase()} ${route} 403`);
        writes += 1;
      }
    }
    expect(writes).to.be.at.least(15);
  });

  it('every documented answer was produced and checked (but a store outage)', () => {
    const missing = documentedResponses().filter(
      (response) => !produced.has(response) && !NOT_PRODUCED_HERE.test(response),
    );
    expect(missing).to.deep.equal([]);
    expect(produced.size).to.be.greaterThan(70);
  });
});
