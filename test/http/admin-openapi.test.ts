import { expect } from 'chai';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Router } from 'express';
import { pino } from 'pino';
import { createApp } from '../../src/http/create-app.ts';
import { OPENAPI_DOCUMENT } from '../../src/http/openapi.ts';
import type { Store } from '../../src/store/store.ts';
import { api, sinchRuleFile, type ApiResponse } from '../support/admin-api.ts';
import { sqliteBackend } from '../support/store-backends.ts';
import { ADMIN_TOKEN, startService, type RunningService } from '../support/service.ts';

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
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') routes.push(`${method.toUpperCase()} ${path}`);
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

const pointer = (...parts: string[]) => parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

describe('the OpenAPI document', () => {
  let store: Store;
  let service: RunningService;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(OPENAPI_DOCUMENT, 'openapi');

  /** Validates a real response against the schema documented for its route, method and status. */
  function conforms(route: string, method: string, response: ApiResponse): void {
    const operation = (OPENAPI_DOCUMENT.paths as unknown as Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>)[route]?.[method];
    const documented = operation?.responses[String(response.status)];
    expect(documented, `${method.toUpperCase()} ${route} documents status ${response.status}`).to.not.equal(undefined);
    if (!documented?.content) return;
    const ref = `openapi#/${pointer('paths', route, method, 'responses', String(response.status), 'content', 'application/json', 'schema')}`;
    const validate = ajv.getSchema(ref);
    expect(validate, ref).to.not.equal(undefined);
    const valid = validate!(response.body);
    expect(valid, `${method.toUpperCase()} ${route} ${response.status}: ${ajv.errorsText(validate!.errors)}\n${response.text.slice(0, 500)}`).to.equal(true);
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
    const app = createApp({ store, admin: service.admin, adminTokens: [], publicUrl: 'http://x', logger: pino({ level: 'silent' }) });
    const routes = registeredRoutes((app as unknown as { router: Router & { stack: Layer[] } }).router.stack).filter((route) => route.includes(' /api/'));
    expect(routes.length).to.be.greaterThan(15);
    expect([...new Set(routes)].sort()).to.deep.equal(documentedRoutes().sort());
  });

  it('is served publicly as OpenAPI 3.1', async () => {
    const response = await fetch(`${service.baseUrl}/api/openapi.json`);
    expect(response.status).to.equal(200);
    expect(((await response.json()) as { openapi: string }).openapi).to.equal('3.1.0');
  });

  it('describes the real responses of every route, successes and errors', async () => {
    const call = (method: string, path: string, body?: unknown) => api(service.baseUrl, method, path, body === undefined ? {} : { body });
    conforms('/api/webhooks', 'get', await call('GET', '/api/webhooks'));
    conforms('/api/webhooks', 'post', await call('POST', '/api/webhooks', sinchRuleFile('openapi-hook')));
    conforms('/api/webhooks', 'post', await call('POST', '/api/webhooks', { id: 'x' }));
    conforms('/api/webhooks', 'post', await call('POST', '/api/webhooks', sinchRuleFile('openapi-hook')));
    conforms('/api/webhooks/{id}', 'get', await call('GET', '/api/webhooks/openapi-hook'));
    conforms('/api/webhooks/{id}', 'get', await call('GET', '/api/webhooks/e2e-sinch'));
    conforms('/api/webhooks/{id}', 'put', await call('PUT', '/api/webhooks/openapi-hook', sinchRuleFile('openapi-hook', { version: '2.0.0' })));
    conforms('/api/webhooks/{id}/revisions', 'get', await call('GET', '/api/webhooks/openapi-hook/revisions'));
    conforms('/api/webhooks/{id}', 'delete', await call('DELETE', '/api/webhooks/openapi-hook'));
    conforms('/api/webhooks/{id}', 'delete', await call('DELETE', '/api/webhooks/e2e-sinch'));
    conforms('/api/webhooks/{id}', 'get', await call('GET', '/api/webhooks/nothing'));
    const credentials = { name: 'openapi-creds', vendor: 'infobip', baseUrl: 'https://x.api.infobip.com', accountId: '', secret: 'k-123' };
    conforms('/api/credentials', 'post', await call('POST', '/api/credentials', credentials));
    conforms('/api/credentials', 'get', await call('GET', '/api/credentials'));
    conforms('/api/credentials/{name}', 'get', await call('GET', '/api/credentials/openapi-creds'));
    conforms('/api/credentials/{name}', 'put', await call('PUT', '/api/credentials/openapi-creds', { ...credentials, secret: undefined }));
    const channel = { name: 'openapi-channel', credentials: 'openapi-creds', senderNumbers: ['+15550160'] };
    conforms('/api/channel-configurations', 'post', await call('POST', '/api/channel-configurations', channel));
    conforms('/api/channel-configurations', 'get', await call('GET', '/api/channel-configurations'));
    conforms('/api/channel-configurations/{name}', 'get', await call('GET', '/api/channel-configurations/openapi-channel'));
    conforms('/api/channel-configurations/{name}', 'put', await call('PUT', '/api/channel-configurations/openapi-channel', channel));
    conforms('/api/credentials/{name}', 'delete', await call('DELETE', '/api/credentials/openapi-creds'));
    conforms('/api/channel-configurations/{name}', 'delete', await call('DELETE', '/api/channel-configurations/openapi-channel'));
    conforms('/api/credentials/{name}', 'delete', await call('DELETE', '/api/credentials/openapi-creds'));
    conforms('/api/consents', 'get', await call('GET', '/api/consents'));
    conforms('/api/consents', 'get', await call('GET', '/api/consents?since=never'));
    conforms('/api/consents/{number}', 'get', await call('GET', '/api/consents/+15550100'));
    conforms('/api/consents/{number}', 'get', await call('GET', '/api/consents/abc'));
    conforms('/api/audiences', 'get', await call('GET', '/api/audiences?since=2024-01-01'));
    conforms('/api/audiences', 'get', await call('GET', '/api/audiences'));
    conforms('/api/events', 'get', await call('GET', '/api/events?limit=5'));
    conforms('/api/events', 'get', await api(service.baseUrl, 'GET', '/api/events', { token: `${ADMIN_TOKEN}-wrong` }));
  });
});
