import { expect } from 'chai';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import type { Store } from '../../src/store/store.ts';
import * as callbacks from '../support/callbacks.ts';
import { FIXTURE_RULES_DIR, postJson, startService, type RunningService } from '../support/service.ts';
import { sqliteBackend } from '../support/store-backends.ts';

const PHONE = '+12025550188';
const TEXT = 'STOP texting me at dinner';
const inbound = () =>
  callbacks.infobip.inbound({
    requestId: `refused-${Date.now()}`,
    from: PHONE,
    to: '+15550102',
    text: TEXT,
    at: new Date(),
  }) as Record<string, unknown>;

describe('refused callbacks are logged (warn) with the webhook, the status and the reason', () => {
  let store: Store;
  let service: RunningService;
  let rulesDir: string;
  const lines: string[] = [];
  const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  before(async () => {
    // The fixtures, but e2e-sinch without its channel configuration: its callbacks are refused with 409.
    rulesDir = mkdtempSync(join(tmpdir(), 'optline-refusals-'));
    cpSync(FIXTURE_RULES_DIR, rulesDir, { recursive: true });
    rmSync(join(rulesDir, 'e2e-sinch.channel.json'));
    store = await sqliteBackend.open();
    // Debug, so the error middleware's own line for each refusal is captured and checked too.
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    service = await startService({ store, rulesDir, logger });
  });
  after(async () => {
    await service.close();
    await store.close();
    rmSync(rulesDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    lines.length = 0;
  });

  const refusals: Array<{
    status: number;
    webhookId: string;
    code: string;
    reason: RegExp;
    send: () => Promise<{ status: number }>;
  }> = [
    {
      status: 401,
      webhookId: 'e2e-infobip-auth',
      code: 'unauthorized',
      reason: /basic auth credentials missing or wrong/,
      send: () =>
        postJson(service.urlOf('e2e-infobip-auth'), inbound(), {
          authorization: `Basic ${Buffer.from('infobip:wrong').toString('base64')}`,
        }),
    },
    {
      status: 409,
      webhookId: 'e2e-sinch',
      code: 'conflict',
      reason: /not attached to a channel configuration/,
      send: () =>
        postJson(
          service.urlOf('e2e-sinch'),
          callbacks.sinch.inbound({ requestId: 'r409', from: PHONE, to: '+15550100', text: TEXT, at: new Date() }),
        ),
    },
    {
      status: 413,
      webhookId: 'e2e-infobip-in',
      code: 'payload_too_large',
      reason: /exceeds 256 KiB/,
      // Compressed under the limit, over it once inflated: refused while reading, after the phone and text went by.
      send: () =>
        postJson(
          service.urlOf('e2e-infobip-in'),
          gzipSync(JSON.stringify({ ...inbound(), padding: ' '.repeat(300 * 1024) })),
          { 'content-encoding': 'gzip' },
        ),
    },
    {
      status: 415,
      webhookId: 'e2e-infobip-in',
      code: 'unsupported_media_type',
      reason: /accepts JSON only.*text\/plain/,
      send: () =>
        postJson(service.urlOf('e2e-infobip-in'), JSON.stringify(inbound()), { 'content-type': 'text/plain' }),
    },
    {
      status: 422,
      webhookId: 'e2e-infobip-in',
      code: 'payload_mismatch',
      reason: /does not match .* at \$\.results \(the value found is not logged\)/,
      // The mismatch message of the answer quotes the value found: here the phone number and the text.
      send: () => postJson(service.urlOf('e2e-infobip-in'), { ...inbound(), results: `${TEXT} ${PHONE}` }),
    },
    {
      status: 400,
      webhookId: 'e2e-infobip-in',
      code: 'invalid_json',
      reason: /^invalid JSON at line 1, column \d+$/,
      send: () => postJson(service.urlOf('e2e-infobip-in'), `{"from":"${PHONE}","text":"${TEXT}",}`),
    },
  ];

  for (const refusal of refusals) {
    it(`${refusal.status} ${refusal.code}: one warn line naming the webhook, the status and the reason; no secret, number or text`, async () => {
      const response = await refusal.send();
      expect(response.status).to.equal(refusal.status);
      const warnings = logged().filter((entry) => entry.level === 40);
      expect(warnings.map(({ webhookId, status, code }) => ({ webhookId, status, code }))).to.deep.equal([
        { webhookId: refusal.webhookId, status: refusal.status, code: refusal.code },
      ]);
      expect(warnings[0]?.reason).to.match(refusal.reason);
      const secret = new URL(service.urlOf(refusal.webhookId)).pathname.split('/').pop() ?? '';
      expect(secret).to.have.length.greaterThan(20);
      const everything = lines.join('');
      expect(everything).not.to.contain(secret);
      expect(everything).not.to.contain(PHONE.slice(1));
      expect(everything).not.to.contain(TEXT);
    });
  }

  it('the 422 answer itself still quotes the value found, for the provider (only the log leaves it out)', async () => {
    const response = await postJson(service.urlOf('e2e-infobip-in'), { ...inbound(), results: `${TEXT} ${PHONE}` });
    expect(response.status).to.equal(422);
    expect(String(response.body.message)).to.contain(PHONE);
  });

  it('a 404 (unknown webhook or wrong secret) is not logged at warn: it names no webhook', async () => {
    const url = service.urlOf('e2e-infobip-in').replace(/[^/]+$/, 'not-the-secret');
    expect((await postJson(url, inbound())).status).to.equal(404);
    expect(logged().filter((entry) => Number(entry.level) >= 40)).to.deep.equal([]);
  });
});
