// The browser console's session: sign in with an admin token for an HttpOnly cookie and a CSRF token, use the
// cookie on every /api route, sign out; expiry by an injected clock, survival across a restart, CSRF refusals.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Request, Response } from 'express';
import { hashOf } from '../../src/admin/admin-sessions.ts';
import { openSqliteAdminStore } from '../../src/admin/sqlite-admin-store.ts';
import { setSessionCookie } from '../../src/http/session-cookie.ts';
import type { Store } from '../../src/store/store.ts';
import { api, sinchRuleFile, type ApiResponse } from '../support/admin-api.ts';
import { ADMIN_TOKEN, startService, type RunningService } from '../support/service.ts';
import { sqliteBackend } from '../support/store-backends.ts';

const HOUR = 60 * 60 * 1000;

/** A request made as the console makes it: the cookie, no Authorization header. */
async function asConsole(
  baseUrl: string,
  method: string,
  path: string,
  cookie: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { cookie, ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    text,
    headers: response.headers,
  };
}

async function signIn(baseUrl: string, token = ADMIN_TOKEN) {
  const response = await api(baseUrl, 'POST', '/api/session', { token: 'unused', body: { token } });
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { response, setCookie, cookie: setCookie.split(';')[0]!, csrf: String(response.body.csrfToken) };
}

describe('admin API: console sessions', () => {
  let store: Store;
  let service: RunningService;
  let clock: number;

  beforeEach(async () => {
    clock = Date.parse('2026-01-01T09:00:00.000Z');
    store = await sqliteBackend.open();
    service = await startService({
      store,
      now: () => clock,
      adminTokens: [
        { label: 'alice', token: ADMIN_TOKEN },
        { label: 'bob', token: 'bob-token' },
      ],
    });
  });
  afterEach(async () => {
    await service.close();
    await store.close();
  });

  it('signs in with an admin token: the label, expiry, CSRF token and an HttpOnly strict cookie', async () => {
    const { response, setCookie } = await signIn(service.baseUrl, 'bob-token');
    expect(response.status).to.equal(201);
    expect(response.body).to.have.keys(['label', 'expiresAt', 'csrfToken']);
    expect(response.body.label).to.equal('bob');
    expect(response.body.expiresAt).to.equal('2026-01-01T17:00:00.000Z');
    expect(String(response.body.csrfToken)).to.match(/^[\w-]{40,}$/);
    expect(setCookie).to.match(/^optline_session=[\w-]{40,};/);
    const attributes = setCookie.split(/;\s*/).slice(1);
    expect(attributes).to.have.members(['Max-Age=28800', 'Path=/', 'HttpOnly', 'SameSite=Strict']);
    expect(response.text).to.not.include('bob-token');
  });

  it('refuses a wrong token with 401 and sets no cookie', async () => {
    const { response } = await signIn(service.baseUrl, 'not-a-token');
    expect(response.status).to.equal(401);
    expect(response.headers.get('set-cookie')).to.equal(null);
    expect(response.body.error).to.equal('unauthorized');
  });

  it('answers the session to its cookie, and lets the cookie stand in for the bearer token', async () => {
    const { cookie, response } = await signIn(service.baseUrl);
    const current = await asConsole(service.baseUrl, 'GET', '/api/session', cookie);
    expect(current.status).to.equal(200);
    expect(current.body).to.deep.equal(response.body);
    expect(current.headers.get('set-cookie')).to.equal(null);
    expect((await asConsole(service.baseUrl, 'GET', '/api/webhooks', cookie)).status).to.equal(200);
    expect((await asConsole(service.baseUrl, 'GET', '/api/session', 'optline_session=forged')).status).to.equal(401);
    expect((await asConsole(service.baseUrl, 'GET', '/api/webhooks', 'optline_session=forged')).status).to.equal(401);
    expect((await asConsole(service.baseUrl, 'GET', '/api/session', 'other=1')).status).to.equal(401);
  });

  it('signs out: the session is deleted in the store and the cookie cleared', async () => {
    const { cookie, csrf } = await signIn(service.baseUrl);
    const out = await asConsole(service.baseUrl, 'DELETE', '/api/session', cookie, {
      headers: { 'x-csrf-token': csrf },
    });
    expect(out.status).to.equal(204);
    expect(out.headers.get('set-cookie')).to.match(/^optline_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Strict/);
    expect((await asConsole(service.baseUrl, 'GET', '/api/session', cookie)).status).to.equal(401);
    expect((await asConsole(service.baseUrl, 'GET', '/api/webhooks', cookie)).status).to.equal(401);
    const id = decodeURIComponent(cookie.split('=')[1]!);
    expect(await service.admin.adminStore.session(hashOf(id))).to.equal(null);
  });

  it('keeps only the hash of the session id in the store', async () => {
    const { cookie } = await signIn(service.baseUrl);
    const id = decodeURIComponent(cookie.split('=')[1]!);
    const stored = await service.admin.adminStore.session(hashOf(id));
    expect(stored?.label).to.equal('alice');
    expect(JSON.stringify(stored)).to.not.include(id);
  });

  it('refuses an expired session after 8 hours, and purges it', async () => {
    const { cookie } = await signIn(service.baseUrl);
    clock += 8 * HOUR - 1000;
    expect((await asConsole(service.baseUrl, 'GET', '/api/webhooks', cookie)).status).to.equal(200);
    clock += 1000;
    expect((await asConsole(service.baseUrl, 'GET', '/api/webhooks', cookie)).status).to.equal(401);
    expect((await asConsole(service.baseUrl, 'GET', '/api/session', cookie)).status).to.equal(401);
    // A later sign-in purges every session that expired meanwhile.
    const other = await signIn(service.baseUrl);
    clock += 9 * HOUR;
    await signIn(service.baseUrl);
    const otherId = decodeURIComponent(other.cookie.split('=')[1]!);
    expect(await service.admin.adminStore.session(hashOf(otherId))).to.equal(null);
  });

  it('refuses cookie writes without the CSRF token or from another Origin, naming why', async () => {
    const { cookie, csrf } = await signIn(service.baseUrl);
    const body = sinchRuleFile('csrf-hook');
    const missing = await asConsole(service.baseUrl, 'POST', '/api/webhooks', cookie, { body });
    expect(missing.status).to.equal(403);
    expect(missing.body.message).to.match(/X-CSRF-Token.*missing/);
    const wrong = await asConsole(service.baseUrl, 'POST', '/api/webhooks', cookie, {
      body,
      headers: { 'x-csrf-token': `${csrf}x` },
    });
    expect(wrong.status).to.equal(403);
    expect(wrong.body.message).to.match(/does not match/);
    const foreign = await asConsole(service.baseUrl, 'POST', '/api/webhooks', cookie, {
      body,
      headers: { 'x-csrf-token': csrf, origin: 'https://evil.example' },
    });
    expect(foreign.status).to.equal(403);
    expect(foreign.body.message).to.match(/Origin https:\/\/evil\.example/);
    const signOut = await asConsole(service.baseUrl, 'DELETE', '/api/session', cookie);
    expect(signOut.status).to.equal(403);
    expect((await asConsole(service.baseUrl, 'GET', '/api/session', cookie)).status).to.equal(200);
    expect((await api(service.baseUrl, 'GET', '/api/webhooks/csrf-hook')).status).to.equal(404);
    // Behind a proxy the browser names OPTLINE_PUBLIC_URL's origin (the test services' is http://127.0.0.1).
    const proxied = await asConsole(service.baseUrl, 'POST', '/api/webhooks', cookie, {
      body,
      headers: { 'x-csrf-token': csrf, origin: 'http://127.0.0.1' },
    });
    expect(proxied.status, proxied.text).to.equal(201);
  });

  it("records the session token's label as the author of a revision made with the cookie", async () => {
    const { cookie, csrf } = await signIn(service.baseUrl, 'bob-token');
    const created = await asConsole(service.baseUrl, 'POST', '/api/webhooks', cookie, {
      body: sinchRuleFile('cookie-hook'),
      headers: { 'x-csrf-token': csrf, origin: service.baseUrl },
    });
    expect(created.status, created.text).to.equal(201);
    const revisions = await api(service.baseUrl, 'GET', '/api/webhooks/cookie-hook/revisions');
    const [first] = revisions.body.revisions as Array<{ author: string }>;
    expect(first?.author).to.equal('bob');
  });

  it('answers 429 once a client passes its sign-ins per minute', async () => {
    const limited = await startService({ store, rateLimits: { signInsPerMinute: 2, requestsPerMinute: 2 } });
    try {
      expect((await signIn(limited.baseUrl, 'wrong')).response.status).to.equal(401);
      expect((await signIn(limited.baseUrl)).response.status).to.equal(201);
      const refused = (await signIn(limited.baseUrl)).response;
      expect(refused.status).to.equal(429);
      expect(refused.headers.get('retry-after')).to.match(/^\d+$/);
    } finally {
      await limited.close();
    }
  });
});

describe('the session cookie', () => {
  it('is Secure when the request came over https, directly or to an https public URL, and only then', () => {
    const cookies: string[] = [];
    const res = { append: (_name: string, value: string) => cookies.push(value) } as unknown as Response;
    setSessionCookie({ secure: true } as Request, res, 'id', 'http://127.0.0.1');
    setSessionCookie({ secure: false } as Request, res, 'id', 'https://optline.example');
    setSessionCookie({ secure: false } as Request, res, 'id', 'http://127.0.0.1');
    expect(cookies[0]).to.match(/; Secure(;|$)/);
    expect(cookies[1]).to.match(/; Secure(;|$)/);
    expect(cookies[2]).to.not.include('Secure');
  });
});

describe('admin API: console sessions across a restart, and with the API off', () => {
  it('keeps a session across a restart on the same admin store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'optline-session-restart-'));
    const store = await sqliteBackend.open();
    try {
      let adminStore = await openSqliteAdminStore({ dir });
      let service = await startService({ store, adminStore });
      const { cookie, response } = await signIn(service.baseUrl);
      await service.close();
      await adminStore.close();
      adminStore = await openSqliteAdminStore({ dir });
      service = await startService({ store, adminStore });
      const current = await asConsole(service.baseUrl, 'GET', '/api/session', cookie);
      expect(current.status).to.equal(200);
      expect(current.body).to.deep.equal(response.body);
      await service.close();
      await adminStore.close();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says whether the admin API is on, and answers sign-ins as the other routes while it is off', async () => {
    const store = await sqliteBackend.open();
    const off = await startService({ store, adminTokens: [] });
    const on = await startService({ store });
    try {
      const config = await api(off.baseUrl, 'GET', '/api/console-config', { token: 'none' });
      expect(config.status).to.equal(200);
      expect(config.body).to.deep.equal({ adminApi: false });
      expect((await api(on.baseUrl, 'GET', '/api/console-config', { token: 'none' })).body).to.deep.equal({
        adminApi: true,
      });
      const signIn = await api(off.baseUrl, 'POST', '/api/session', { body: { token: ADMIN_TOKEN } });
      const webhooks = await api(off.baseUrl, 'GET', '/api/webhooks');
      expect(signIn.status).to.equal(404);
      expect(signIn.body).to.deep.equal(webhooks.body);
    } finally {
      await off.close();
      await on.close();
      await store.close();
    }
  });
});
