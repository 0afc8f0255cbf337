import { readdir } from 'node:fs/promises';
import { expect } from 'chai';
import type { Store } from '../../src/store/store.ts';
import { api, type ApiResponse } from '../support/admin-api.ts';
import { sqliteBackend } from '../support/store-backends.ts';
import { FIXTURE_RULES_DIR, startService, TEST_SECRET_KEY, type RunningService } from '../support/service.ts';
import { createSecretBox } from '../../src/credentials/secret-box.ts';

const SECRET = 'sinch-api-token-do-not-leak-9f2c';

describe('credentials and channel configurations through the admin API', () => {
  let store: Store;
  let service: RunningService;
  const responses: ApiResponse[] = [];
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await api(service.baseUrl, method, path, body === undefined ? {} : { body });
    responses.push(response);
    return response;
  };

  before(async () => {
    store = await sqliteBackend.open();
    service = await startService({ store, env: { E2E_SINCH_API_TOKEN: 'file-secret-never-shown-0123456789' } });
  });
  after(async () => {
    await service.close();
    await store.close();
  });

  it('creates, reads, updates and deletes credentials, sealing the secret and never returning it', async () => {
    const created = await call('POST', '/api/credentials', {
      name: 'acme-us',
      vendor: 'sinch',
      baseUrl: 'https://us.sms.api.sinch.com',
      accountId: 'plan-1',
      secret: SECRET,
    });
    expect(created.status, created.text).to.equal(201);
    expect(created.body).to.include({
      name: 'acme-us',
      source: 'api',
      secretSet: true,
      secret: '********9f2c',
      updatedBy: 'admin',
    });
    expect((await call('GET', '/api/credentials/acme-us')).body.accountId).to.equal('plan-1');
    const updated = await call('PUT', '/api/credentials/acme-us', {
      vendor: 'sinch',
      baseUrl: 'https://eu.sms.api.sinch.com',
      accountId: 'plan-2',
    });
    expect(updated.status, updated.text).to.equal(200);
    expect(updated.body).to.include({ baseUrl: 'https://eu.sms.api.sinch.com', secretSet: true });
    const sealed = await service.admin.adminStore.credentials('acme-us');
    expect(sealed?.sealedSecret)
      .to.match(/^optline:v1:/)
      .and.not.include(SECRET);
    expect(createSecretBox(TEST_SECRET_KEY).open(sealed!.sealedSecret, 'acme-us')).to.equal(SECRET);
    expect((await service.admin.credentials.resolve('acme-us'))?.secret).to.equal(SECRET);
    const listed = (await call('GET', '/api/credentials')).body.credentials as Array<Record<string, unknown>>;
    const fileNames = (await readdir(FIXTURE_RULES_DIR))
      .filter((file) => file.endsWith('.credentials.json'))
      .map((file) => file.replace('.credentials.json', ''));
    // Every file's credentials and the API's, by name; a secret is set only where its environment variable is.
    expect(listed.map((credentials) => [credentials.name, credentials.source, credentials.secretSet])).to.deep.equal(
      [['acme-us', 'api', true], ...fileNames.map((name) => [name, 'file', name === 'e2e-sinch-creds'])].sort((a, b) =>
        String(a[0]).localeCompare(String(b[0])),
      ),
    );
    expect(listed[0]).to.include({
      vendor: 'sinch',
      baseUrl: 'https://eu.sms.api.sinch.com',
      accountId: 'plan-2',
      secret: '********9f2c',
      updatedBy: 'admin',
    });
    expect(listed.find((credentials) => credentials.name === 'e2e-sinch-creds')).to.include({
      secret: '********6789',
      secretEnv: 'E2E_SINCH_API_TOKEN',
    });
    expect(JSON.stringify(listed)).not.to.include(SECRET).and.not.include('file-secret-never-shown');
    expect((await call('DELETE', '/api/credentials/acme-us')).status).to.equal(204);
    expect((await call('GET', '/api/credentials/acme-us')).status).to.equal(404);
  });

  it('refuses invalid credentials listing every problem, and a second create of a name', async () => {
    const refused = await call('POST', '/api/credentials', {
      name: 'bad name!',
      vendor: 'twilio',
      baseUrl: 'ftp://x',
      options: [],
    });
    expect(refused.status).to.equal(422);
    expect((refused.body.problems as Array<{ path: string }>).map((problem) => problem.path)).to.have.members([
      '/name',
      '/vendor',
      '/baseUrl',
      '/secret',
      '/options',
    ]);
    expect(refused.body.problems).to.deep.include.members([
      { path: '/vendor', message: 'must be one of sinch, sinch-conversational, infobip, custom' },
      { path: '/secret', message: 'is required (a non-blank token or API key)' },
      { path: '/options', message: 'must be a JSON object' },
    ]);
    const body = { name: 'twice', vendor: 'infobip', baseUrl: 'https://x.api.infobip.com', secret: SECRET };
    expect((await call('POST', '/api/credentials', body)).status).to.equal(201);
    expect((await call('POST', '/api/credentials', body)).status).to.equal(409);
  });

  it('refuses a baseUrl naming a private, link-local or loopback address when saved, naming baseUrl', async () => {
    // The suite allows 127.0.0.0/8 and ::1 (its fakes listen there), as OPTLINE_OUTBOUND_ALLOW would.
    for (const baseUrl of ['http://169.254.169.254', 'https://10.0.0.5:8443', 'http://[fd00::1]', 'http://[fe80::1]']) {
      const refused = await call('POST', '/api/credentials', {
        name: 'inner',
        vendor: 'infobip',
        baseUrl,
        secret: SECRET,
      });
      expect(refused.status, baseUrl).to.equal(422);
      const [problem] = refused.body.problems as Array<{ path: string; message: string }>;
      expect(problem?.path, baseUrl).to.equal('/baseUrl');
      expect(problem?.message, baseUrl).to.match(/loopback, private or link-local address .*OPTLINE_OUTBOUND_ALLOW/);
    }
    const named = { name: 'named-host', vendor: 'infobip', baseUrl: 'https://x.api.infobip.com', secret: SECRET };
    expect((await call('POST', '/api/credentials', named)).status).to.equal(201);
    const update = await call('PUT', '/api/credentials/named-host', { ...named, baseUrl: 'http://192.168.1.1' });
    expect(update.status).to.equal(422);
    const allowed = { name: 'loopback-fake', vendor: 'infobip', baseUrl: 'http://127.0.0.1:9', secret: SECRET };
    expect((await call('POST', '/api/credentials', allowed)).status).to.equal(201);
  });

  it('bounds every field: over-long strings, too many options or sender numbers are refused with their path', async () => {
    const credentials = { name: 'bounded', vendor: 'infobip', baseUrl: 'https://x.api.infobip.com', secret: SECRET };
    const tooMuch = await call('POST', '/api/credentials', {
      ...credentials,
      name: 'n'.repeat(129),
      baseUrl: `https://x.example/${'p'.repeat(2048)}`,
      secret: 's'.repeat(4097),
      options: Object.fromEntries(Array.from({ length: 33 }, (_, index) => [`option${index}`, 'value'])),
    });
    expect(tooMuch.status).to.equal(422);
    expect(tooMuch.body.problems).to.deep.include.members([
      { path: '/name', message: 'must be at most 128 characters' },
      { path: '/baseUrl', message: 'must be at most 2048 characters' },
      { path: '/secret', message: 'must be at most 4096 characters' },
      { path: '/options', message: 'must have at most 32 properties' },
    ]);
    const nested = await call('POST', '/api/credentials', { ...credentials, options: { appId: { nested: true } } });
    expect(nested.body.problems).to.deep.equal([
      { path: '/options/appId', message: 'must be a string or a number or true or false or null' },
    ]);
    const numbers = Array.from({ length: 1001 }, (_, index) => `+1555${String(index).padStart(7, '0')}`);
    const channel = await call('POST', '/api/channel-configurations', {
      name: 'bounded',
      credentials: 'e2e-sinch-creds',
      senderNumbers: numbers,
    });
    expect(channel.body.problems).to.deep.equal([{ path: '/senderNumbers', message: 'must have at most 1000 items' }]);
  });

  it('refuses a body that is not JSON (400) or not sent as JSON (415)', async () => {
    expect((await api(service.baseUrl, 'POST', '/api/credentials', { body: '{"name":' })).status).to.equal(400);
    expect(
      (
        await api(service.baseUrl, 'POST', '/api/credentials', {
          body: 'name=x',
          contentType: 'application/x-www-form-urlencoded',
        })
      ).status,
    ).to.equal(415);
  });

  it('credentials and channels from files are listed and read-only (409)', async () => {
    const listed = await call('GET', '/api/credentials');
    const file = (listed.body.credentials as Array<Record<string, unknown>>).find(
      (entry) => entry.name === 'e2e-sinch-creds',
    );
    expect(file).to.include({ source: 'file', secretEnv: 'E2E_SINCH_API_TOKEN', secretSet: true });
    expect(
      (
        await call('PUT', '/api/credentials/e2e-sinch-creds', {
          vendor: 'sinch',
          baseUrl: 'https://x.example',
          accountId: 'a',
        })
      ).status,
    ).to.equal(409);
    expect((await call('DELETE', '/api/credentials/e2e-sinch-creds')).status).to.equal(409);
    expect((await call('DELETE', '/api/channel-configurations/e2e-sinch')).status).to.equal(409);
    expect((await call('GET', '/api/channel-configurations/e2e-sinch')).body).to.include({
      credentials: 'e2e-sinch-creds',
      source: 'file',
    });
  });

  it('channel configurations: create, update, delete; credentials must exist and cannot be deleted while attached', async () => {
    await call('POST', '/api/credentials', {
      name: 'chan-creds',
      vendor: 'sinch',
      baseUrl: 'https://us.sms.api.sinch.com',
      accountId: 'p',
      secret: SECRET,
    });
    const refused = await call('POST', '/api/channel-configurations', {
      name: 'bad',
      credentials: 'nobody',
      senderNumbers: ['not-a-number', '+15550100', '+15550100'],
    });
    expect(refused.status).to.equal(422);
    expect((refused.body.problems as Array<{ path: string }>).map((problem) => problem.path)).to.have.members([
      '/senderNumbers/0',
      '/senderNumbers/2',
      '/credentials',
    ]);
    expect(
      (
        await call('POST', '/api/channel-configurations', {
          name: 'us',
          credentials: 'chan-creds',
          senderNumbers: ['+15550150'],
        })
      ).status,
    ).to.equal(201);
    expect((await call('DELETE', '/api/credentials/chan-creds')).status).to.equal(409);
    const updated = await call('PUT', '/api/channel-configurations/us', {
      credentials: 'chan-creds',
      senderNumbers: ['+15550150', '12345'],
    });
    expect(updated.body.senderNumbers).to.deep.equal(['+15550150', '12345']);
    expect((await call('DELETE', '/api/channel-configurations/us')).status).to.equal(204);
    expect((await call('DELETE', '/api/credentials/chan-creds')).status).to.equal(204);
  });

  it('no response of this suite holds a secret', () => {
    expect(responses.length).to.be.greaterThan(10);
    for (const response of responses) {
      expect(response.text).to.not.include(SECRET);
      expect(response.text).to.not.include('file-secret-never-shown-0123456789');
      expect(response.text).to.not.include('optline:v1:');
    }
  });
});
