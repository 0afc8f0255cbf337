// Signed callbacks over HTTP, one Custom webhook per scheme a rule file's `verify` may name: a valid request is
// stored (200); a tampered, stale or replayed one is refused with 401 saying why, and stores nothing.
import { createHash, createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Store } from '../../src/store/store.ts';
import * as callbacks from '../support/callbacks.ts';
import { readCorpusJson } from '../support/corpus.ts';
import { sqliteBackend } from '../support/store-backends.ts';
import { ADMIN_TOKEN, FIXTURE_RULES_DIR, postJson, startService, type RunningService } from '../support/service.ts';

const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const HMAC_SECRET = 'hmac-shared-secret';
const TWILIO_AUTH_TOKEN = 'twilio-auth-token';
const telnyxKeys = generateKeyPairSync('ed25519');
const TELNYX_PUBLIC_KEY = telnyxKeys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
/** startService's OPTLINE_PUBLIC_URL: what Twilio signs, unlike the Host the test connects to. */
const PUBLIC_URL = 'http://127.0.0.1';

const SCHEMES: Record<string, unknown> = {
  'sig-standard': { standardWebhooks: { secretEnv: 'SIG_STANDARD_SECRET' } },
  'sig-hmac': {
    hmacSignature: {
      header: 'X-Hub-Signature-256',
      algorithm: 'sha256',
      encoding: 'hex',
      prefix: 'sha256=',
      secretEnv: 'SIG_HMAC_SECRET',
    },
  },
  'sig-hmac-timed': {
    hmacSignature: {
      header: 'X-Signature',
      algorithm: 'sha1',
      encoding: 'base64',
      secretEnv: 'SIG_HMAC_SECRET',
      timestamp: { header: 'X-Timestamp', separator: ':', toleranceSeconds: 120 },
    },
  },
  'sig-twilio': { twilioSignature: { authTokenEnv: 'SIG_TWILIO_TOKEN' } },
  'sig-telnyx': { telnyxSignature: { publicKeyEnv: 'SIG_TELNYX_KEY' } },
  'sig-unset': { standardWebhooks: { secretEnv: 'SIG_NOT_SET' } },
  'sig-bad-key': { telnyxSignature: { publicKeyEnv: 'SIG_BAD_KEY' } },
};
const ENV = {
  SIG_STANDARD_SECRET: STANDARD_SECRET,
  SIG_HMAC_SECRET: HMAC_SECRET,
  SIG_TWILIO_TOKEN: TWILIO_AUTH_TOKEN,
  SIG_TELNYX_KEY: TELNYX_PUBLIC_KEY,
  SIG_BAD_KEY: Buffer.from('not an Ed25519 key').toString('base64'),
};

/** Each scheme's webhook: the Telnyx-shaped Custom fixture with its own id, number, credentials and `verify`. */
function writeRulesDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'optline-signed-'));
  copyFileSync(join(FIXTURE_RULES_DIR, 'telnyx.inbound.template.json'), join(dir, 'telnyx.inbound.template.json'));
  const base = JSON.parse(readFileSync(join(FIXTURE_RULES_DIR, 'e2e-telnyx-in.webhook.json'), 'utf8')) as object;
  const credentials = JSON.parse(
    readFileSync(join(FIXTURE_RULES_DIR, 'e2e-telnyx-in-creds.credentials.json'), 'utf8'),
  ) as object;
  Object.entries(SCHEMES).forEach(([id, verify], index) => {
    const senderNumber = `+1555030${index}`;
    const rule = { ...base, id, name: id, credentials: `${id}-creds`, senderNumber, verify };
    writeFileSync(join(dir, `${id}.webhook.json`), JSON.stringify(rule, null, 2));
    writeFileSync(join(dir, `${id}-creds.credentials.json`), JSON.stringify({ ...credentials, name: `${id}-creds` }));
    const channel = { name: id, credentials: `${id}-creds`, senderNumbers: [senderNumber] };
    writeFileSync(join(dir, `${id}.channel.json`), JSON.stringify(channel));
  });
  return dir;
}

describe('signed callbacks over HTTP (Standard Webhooks, HMAC, Twilio, Telnyx)', () => {
  let store: Store;
  let service: RunningService;
  let rulesDir: string;
  let clock = Date.now();
  let sequence = 0;

  before(async () => {
    rulesDir = writeRulesDir();
    store = await sqliteBackend.open();
    service = await startService({ store, rulesDir, env: ENV, now: () => clock });
  });
  after(async () => {
    await service.close();
    await store.close();
    rmSync(rulesDir, { recursive: true, force: true });
  });

  /** A fresh inbound STOP from its own number, so what it stores can be counted. */
  function inbound(): { body: string; from: string } {
    sequence += 1;
    const from = `+1202555${String(1000 + sequence)}`;
    const body = callbacks.telnyx.inbound({
      requestId: `sig-${sequence}`,
      from,
      to: '+15550300',
      text: 'STOP',
      at: new Date(clock),
    });
    return { body: JSON.stringify(body), from };
  }

  async function expectStored(from: string, count: number): Promise<void> {
    expect(await store.listEvents({ profileNumber: from }), `events from ${from}`).to.have.length(count);
  }

  async function expectRefused(
    response: { status: number; body: Record<string, unknown> },
    reason: string,
  ): Promise<void> {
    expect([response.status, response.body.message]).to.deep.equal([401, `callback not authenticated: ${reason}`]);
  }

  const seconds = () => Math.floor(clock / 1000);

  describe('Standard Webhooks', () => {
    const key = Buffer.from(STANDARD_SECRET.slice('whsec_'.length), 'base64');
    const signed = (id: string, timestamp: number, body: string) => ({
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`,
    });

    it('stores a valid callback, then refuses its replay (same webhook-id) with 401 and stores nothing more', async () => {
      clock = Date.now();
      const { body, from } = inbound();
      const headers = signed(`msg_${sequence}`, seconds(), body);
      const first = await postJson(service.urlOf('sig-standard'), body, headers);
      expect(first.status, JSON.stringify(first.body)).to.equal(200);
      await expectStored(from, 1);
      await expectRefused(
        await postJson(service.urlOf('sig-standard'), body, headers),
        'replayed id (signature nonce already used)',
      );
      await expectStored(from, 1);
    });

    it('refuses a tampered body and a stale timestamp with 401, storing nothing', async () => {
      clock = Date.now();
      const { body, from } = inbound();
      const tampered = body.replace('STOP', 'STAR');
      await expectRefused(
        await postJson(service.urlOf('sig-standard'), tampered, signed(`msg_${sequence}`, seconds(), body)),
        'signature mismatch',
      );
      await expectRefused(
        await postJson(service.urlOf('sig-standard'), body, signed(`msg_${sequence}`, seconds() - 301, body)),
        'timestamp outside the window',
      );
      await expectStored(from, 0);
    });

    const vectors = readCorpusJson<{
      cases: Array<
        Record<string, string | number | boolean> & { name: string; body: string; now: number; valid: boolean }
      >;
    }>('payloads', 'signing', 'standard-webhooks-vectors.json');
    for (const vector of vectors.cases) {
      it(`${vector.valid ? 'authenticates' : 'refuses (401)'} the shared vector "${vector.name}"`, async () => {
        clock = vector.now * 1000;
        const response = await postJson(service.urlOf('sig-standard'), vector.body, {
          'webhook-id': String(vector['webhook-id']),
          'webhook-timestamp': String(vector['webhook-timestamp']),
          'webhook-signature': String(vector['webhook-signature']),
        });
        // The vectors' body is not an SMS callback: once authenticated, the template refuses it (422).
        expect(response.status, JSON.stringify(response.body)).to.equal(vector.valid ? 422 : 401);
      });
    }
  });

  describe('HMAC of the body (GitHub-like: hex, sha256= prefix)', () => {
    const signature = (body: string) => `sha256=${createHmac('sha256', HMAC_SECRET).update(body).digest('hex')}`;

    it('stores a valid callback and refuses a tampered one or another prefix with 401', async () => {
      const { body, from } = inbound();
      const ok = await postJson(service.urlOf('sig-hmac'), body, { 'x-hub-signature-256': signature(body) });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      await expectStored(from, 1);
      // No timestamp, no id: a replay is authentic, and idempotency makes it store nothing more.
      const replayed = await postJson(service.urlOf('sig-hmac'), body, { 'x-hub-signature-256': signature(body) });
      expect(replayed.status).to.equal(200);
      await expectStored(from, 1);
      const other = inbound();
      await expectRefused(
        await postJson(service.urlOf('sig-hmac'), other.body.replace('STOP', 'STAR'), {
          'x-hub-signature-256': signature(other.body),
        }),
        'signature mismatch',
      );
      await expectRefused(
        await postJson(service.urlOf('sig-hmac'), other.body, {
          'x-hub-signature-256': signature(other.body).replace('sha256=', 'sha1='),
        }),
        'signature mismatch',
      );
      await expectRefused(await postJson(service.urlOf('sig-hmac'), other.body), 'signature headers missing');
      await expectStored(other.from, 0);
    });
  });

  describe('HMAC of timestamp:body (sha1, base64, 120 s tolerance)', () => {
    const signed = (timestamp: number, body: string) => ({
      'x-timestamp': String(timestamp),
      'x-signature': createHmac('sha1', HMAC_SECRET).update(`${timestamp}:${body}`).digest('base64'),
    });

    it('stores a valid callback, refuses its replay, a tampered body and a stale timestamp with 401', async () => {
      clock = Date.now();
      const { body, from } = inbound();
      const headers = signed(seconds(), body);
      expect((await postJson(service.urlOf('sig-hmac-timed'), body, headers)).status).to.equal(200);
      await expectRefused(
        await postJson(service.urlOf('sig-hmac-timed'), body, headers),
        'replayed id (signature nonce already used)',
      );
      await expectStored(from, 1);
      const other = inbound();
      await expectRefused(
        await postJson(service.urlOf('sig-hmac-timed'), other.body, {
          ...signed(seconds(), other.body),
          'x-timestamp': String(seconds() - 1),
        }),
        'signature mismatch',
      );
      await expectRefused(
        await postJson(service.urlOf('sig-hmac-timed'), other.body, signed(seconds() - 121, other.body)),
        'timestamp outside the window',
      );
      await expectStored(other.from, 0);
    });
  });

  describe("Twilio's X-Twilio-Signature (JSON body with bodySHA256)", () => {
    /** What Twilio signs: the public URL (never the Host header), with the body's hash in the query. */
    const signedUrl = (body: string, bodyHash = createHash('sha256').update(body).digest('hex')) => {
      const path = service.urlOf('sig-twilio').slice(service.baseUrl.length);
      return `${path}?bodySHA256=${bodyHash}`;
    };
    const signature = (url: string) => createHmac('sha1', TWILIO_AUTH_TOKEN).update(url).digest('base64');

    it('stores a callback signed over the public URL and refuses one signed over the Host it came to', async () => {
      const { body, from } = inbound();
      const path = signedUrl(body);
      const asHost = await postJson(`${service.baseUrl}${path}`, body, {
        'x-twilio-signature': signature(`${service.baseUrl}${path}`),
      });
      await expectRefused(asHost, 'signature mismatch');
      await expectStored(from, 0);
      const ok = await postJson(`${service.baseUrl}${path}`, body, {
        'x-twilio-signature': signature(`${PUBLIC_URL}${path}`),
      });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      await expectStored(from, 1);
      // Twilio signs no timestamp or id: a replay is authentic, and idempotency makes it store nothing more.
      const replayed = await postJson(`${service.baseUrl}${path}`, body, {
        'x-twilio-signature': signature(`${PUBLIC_URL}${path}`),
      });
      expect(replayed.status).to.equal(200);
      await expectStored(from, 1);
    });

    it('refuses a body that does not hash to the signed bodySHA256, and a missing bodySHA256, with 401', async () => {
      const { body, from } = inbound();
      const path = signedUrl(body);
      const tampered = await postJson(`${service.baseUrl}${path}`, body.replace('STOP', 'STAR'), {
        'x-twilio-signature': signature(`${PUBLIC_URL}${path}`),
      });
      await expectRefused(tampered, 'body does not match bodySHA256');
      const bare = service.urlOf('sig-twilio').slice(service.baseUrl.length);
      await expectRefused(
        await postJson(`${service.baseUrl}${bare}`, body, { 'x-twilio-signature': signature(`${PUBLIC_URL}${bare}`) }),
        'bodySHA256 query parameter missing',
      );
      await expectStored(from, 0);
    });
  });

  describe("Telnyx's Ed25519 signature", () => {
    const signed = (timestamp: number, body: string) => ({
      'telnyx-timestamp': String(timestamp),
      'telnyx-signature-ed25519': sign(null, Buffer.from(`${timestamp}|${body}`), telnyxKeys.privateKey).toString(
        'base64',
      ),
    });

    it('stores a valid callback, refuses its replay, a tampered body and a stale timestamp with 401', async () => {
      clock = Date.now();
      const { body, from } = inbound();
      const headers = signed(seconds(), body);
      const ok = await postJson(service.urlOf('sig-telnyx'), body, headers);
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      await expectRefused(
        await postJson(service.urlOf('sig-telnyx'), body, headers),
        'replayed id (signature nonce already used)',
      );
      await expectStored(from, 1);
      const other = inbound();
      await expectRefused(
        await postJson(service.urlOf('sig-telnyx'), other.body.replace('STOP', 'STAR'), signed(seconds(), other.body)),
        'signature mismatch',
      );
      await expectRefused(
        await postJson(service.urlOf('sig-telnyx'), other.body, signed(seconds() - 301, other.body)),
        'timestamp outside the window',
      );
      await expectStored(other.from, 0);
    });
  });

  it('refuses callbacks with 401 while the secret variable is unset, and the API names the method and the variable; so while a key is unusable', async () => {
    clock = Date.now();
    const { body, from } = inbound();
    const key = Buffer.from(STANDARD_SECRET.slice('whsec_'.length), 'base64');
    const response = await postJson(service.urlOf('sig-unset'), body, {
      'webhook-id': 'msg_unset',
      'webhook-timestamp': String(seconds()),
      'webhook-signature': `v1,${createHmac('sha256', key).update(`msg_unset.${seconds()}.${body}`).digest('base64')}`,
    });
    await expectRefused(response, 'SIG_NOT_SET is not set on the server');
    await expectStored(from, 0);
    const listing = (await (
      await fetch(`${service.baseUrl}/api/webhooks`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).json()) as { webhooks: Array<{ id: string; verification: string | null; warning: string | null }> };
    const byId = new Map(listing.webhooks.map((webhook) => [webhook.id, webhook]));
    expect(byId.get('sig-unset')?.warning).to.match(/SIG_NOT_SET/);
    expect(byId.get('sig-bad-key')?.warning).to.match(/SIG_BAD_KEY: the public key is not a base64 Ed25519 key/);
    await expectRefused(
      await postJson(service.urlOf('sig-bad-key'), body, { 'telnyx-timestamp': '1', 'telnyx-signature-ed25519': 'x' }),
      'SIG_BAD_KEY is not usable on the server',
    );
    expect(Object.fromEntries([...byId].map(([id, webhook]) => [id, webhook.verification]))).to.deep.equal({
      'sig-bad-key': 'telnyxSignature',
      'sig-hmac': 'hmacSignature',
      'sig-hmac-timed': 'hmacSignature',
      'sig-standard': 'standardWebhooks',
      'sig-telnyx': 'telnyxSignature',
      'sig-twilio': 'twilioSignature',
      'sig-unset': 'standardWebhooks',
    });
  });
});
