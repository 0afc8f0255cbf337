import { createHmac, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../../src/store/store.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { FIXTURE_ENV, postJson, startService, type RunningService } from '../support/service.ts';
import { PAYLOADS_DIR, readCorpusJson } from '../support/corpus.ts';
import { hostileCorpusDir } from '../support/hostile-corpus.ts';
import * as callbacks from '../support/callbacks.ts';

interface Expectation {
  status: number;
  alsoAcceptable: number[];
}

const SIGNING_SECRET = FIXTURE_ENV.E2E_SINCH_SECRET;
const INFOBIP_PASSWORD = FIXTURE_ENV.E2E_INFOBIP_PASSWORD;

describe('the callback contract over HTTP: status codes, hostile bodies, authentication', () => {
  let store: Store;
  let service: RunningService;
  let clock = Date.now();
  let hostileDir: string;
  let dataDir: string;

  before(async () => {
    hostileDir = hostileCorpusDir();
    dataDir = mkdtempSync(join(tmpdir(), 'optline-contract-'));
    store = await openSqliteStore({ dir: dataDir });
    service = await startService({
      store,
      now: () => clock,
    });
  });
  after(async () => {
    await service.close();
    await store.close();
  });

  const expectations = readCorpusJson<Record<string, Expectation | string>>(
    'payloads',
    'hostile',
    'expected-status.json',
  );
  const targets = ['e2e-sinch', 'e2e-infobip-dlr', 'e2e-vonage-in', 'e2e-telnyx-dlr'];

  for (const [file, expectation] of Object.entries(expectations)) {
    if (typeof expectation === 'string' || file.endsWith('.template.json')) continue;
    it(`answers ${file} with ${expectation.status}${expectation.alsoAcceptable.length ? ` (or ${expectation.alsoAcceptable.join(', ')})` : ''} on every kind of webhook, storing nothing`, async () => {
      const path = file.startsWith('../') ? join(PAYLOADS_DIR, file.slice(3)) : join(hostileDir, file);
      const bytes = readFileSync(path);
      const contentType = file.endsWith('.txt') ? 'application/x-www-form-urlencoded' : 'application/json';
      const before = (await store.listEvents({ limit: 1000 })).length;
      for (const webhook of targets) {
        const response = await postJson(service.urlOf(webhook), bytes, { 'content-type': contentType });
        expect(
          [expectation.status, ...expectation.alsoAcceptable],
          `${webhook}: ${JSON.stringify(response.body)}`,
        ).to.include(response.status);
        expect(response.body.error, webhook).to.be.a('string');
        expect(response.body.message, webhook).to.be.a('string');
        expect(JSON.stringify(response.body).length, 'the error body stays small').to.be.below(600);
      }
      expect((await store.listEvents({ limit: 1000 })).length).to.equal(before);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect(({} as Record<string, unknown>).isAdmin).to.equal(undefined);
    });
  }

  it('tells a form-encoded sender (Twilio) that only JSON is accepted', async () => {
    const body = readFileSync(join(PAYLOADS_DIR, 'twilio.inbound.form.txt'));
    const response = await postJson(service.urlOf('e2e-sinch'), body, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).to.equal(415);
    expect(response.body.message)
      .to.match(/JSON only/)
      .and.to.match(/Twilio/);
    const labelledJson = await postJson(service.urlOf('e2e-sinch'), body);
    expect(labelledJson.status).to.equal(400);
  });

  it('names the JSON path when no template matches', async () => {
    const response = await postJson(service.urlOf('e2e-vonage-in'), {
      msisdn: '447700900001',
      to: '447700900000',
      text: 'hi',
    });
    expect(response.status).to.equal(422);
    expect(response.body.path).to.be.a('string').and.to.match(/^\$/);
  });

  it('refuses a body over 256 KiB with 413 even when Content-Length is not sent up front', async () => {
    const big = JSON.stringify({ type: 'mo_text', body: 'A'.repeat(300 * 1024) });
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const response = await fetch(service.urlOf('e2e-sinch'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).to.equal(413);
  });

  it('inflates a gzip body within the same 256 KiB limit, and refuses a body that inflates past it', async () => {
    const { gzipSync } = await import('node:zlib');
    const body = callbacks.sinch.inbound({
      requestId: 'gzip-1',
      from: '+12025550166',
      to: '+15550100',
      text: 'HELP',
      at: new Date(),
    });
    const gzipped = await postJson(service.urlOf('e2e-sinch'), gzipSync(JSON.stringify(body)), {
      'content-encoding': 'gzip',
    });
    expect(gzipped.status).to.equal(200);
    expect((await store.listEvents({ profileNumber: '+12025550166' }))[0]?.category).to.equal('help');
    const bomb = gzipSync(JSON.stringify({ type: 'mo_text', body: ' '.repeat(2 * 1024 * 1024) }));
    expect(bomb.length).to.be.below(10_000);
    expect((await postJson(service.urlOf('e2e-sinch'), bomb, { 'content-encoding': 'gzip' })).status).to.equal(413);
    expect(
      (await postJson(service.urlOf('e2e-sinch'), JSON.stringify(body), { 'content-encoding': 'zstd' })).status,
    ).to.equal(415);
  });

  describe('Sinch signatures', () => {
    interface Vector {
      rawBody: string;
      secret: string;
      headers: Record<string, string>;
      expectValid: boolean;
      name: string;
    }
    const { vectors } = readCorpusJson<{ vectors: Vector[] }>('payloads', 'signing', 'sinch-signature-vectors.json');
    const smsVectors = vectors.filter((vector) => vector.secret === SIGNING_SECRET);

    for (const vector of smsVectors) {
      it(`${vector.expectValid ? 'stores' : 'refuses with 401 and stores nothing for'} the signed callback ${vector.name}`, async () => {
        clock = Number(vector.headers['x-sinch-webhook-signature-timestamp']) * 1000 + 10_000;
        const before = (await store.listFeedback({ webhookId: 'e2e-sinch-signed' })).length;
        const response = await postJson(service.urlOf('e2e-sinch-signed'), vector.rawBody, vector.headers);
        expect(response.status).to.equal(vector.expectValid ? 200 : 401);
        const after = (await store.listFeedback({ webhookId: 'e2e-sinch-signed' })).length;
        expect(after - before).to.equal(vector.expectValid ? 1 : 0);
      });
    }

    it('refuses a reused nonce and a stale timestamp with 401, saying which', async () => {
      clock = Date.now();
      const seconds = Math.floor(clock / 1000);
      const signed = (body: string, nonce: string, timestamp: number) => ({
        'x-sinch-webhook-signature-nonce': nonce,
        'x-sinch-webhook-signature-timestamp': String(timestamp),
        'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
        'x-sinch-webhook-signature': createHmac('sha256', SIGNING_SECRET)
          .update(`${body}.${nonce}.${timestamp}`)
          .digest('base64'),
      });
      const body = JSON.stringify(
        callbacks.sinch.feedback({ reference: `nonce-${randomUUID()}`, to: '+12025550188', outcome: 'delivered' }),
      );
      const headers = signed(body, randomUUID(), seconds);
      const first = await postJson(service.urlOf('e2e-sinch-signed'), body, headers);
      expect(first.status, JSON.stringify(first.body)).to.equal(200);
      const replayed = await postJson(service.urlOf('e2e-sinch-signed'), body, headers);
      expect([replayed.status, replayed.body.message]).to.deep.equal([
        401,
        'callback not authenticated: replayed id (signature nonce already used)',
      ]);
      const stale = await postJson(service.urlOf('e2e-sinch-signed'), body, signed(body, randomUUID(), seconds - 301));
      expect([stale.status, stale.body.message]).to.deep.equal([
        401,
        'callback not authenticated: signature timestamp outside the accepted window',
      ]);
    });
  });

  it('checks Infobip basic auth', async () => {
    const body = callbacks.infobip.inbound({
      requestId: 'auth-1',
      from: '+12025550177',
      to: '+15550106',
      text: 'STOP',
      at: new Date(),
    });
    const url = service.urlOf('e2e-infobip-auth');
    expect((await postJson(url, body)).status).to.equal(401);
    const wrong = `Basic ${Buffer.from('infobip:nope').toString('base64')}`;
    expect((await postJson(url, body, { authorization: wrong })).status).to.equal(401);
    const right = `Basic ${Buffer.from(`infobip:${INFOBIP_PASSWORD}`).toString('base64')}`;
    expect((await postJson(url, body, { authorization: right })).status).to.equal(200);
  });
});
