// Issue 15, finding 7: no log line holds a webhook's secret, a full phone number or a message text, whatever the
// status (5xx at error, 4xx at debug) and however the path is spelled.
import { expect } from 'chai';
import { pino } from 'pino';
import { LOG_REDACTION } from '../../src/http/log-redaction.ts';
import type { Store } from '../../src/store/store.ts';
import * as callbacks from '../support/callbacks.ts';
import { postJson, startService, type RunningService, ADMIN_TOKEN } from '../support/service.ts';
import { sqliteBackend } from '../support/store-backends.ts';

const PHONE = '+12025550177';
const TEXT = 'STOP texting me during dinner';

describe('log redaction', () => {
  let store: Store;
  let service: RunningService;
  const lines: string[] = [];
  before(async () => {
    const real = await sqliteBackend.open();
    // A store that fails with a message quoting what it was given, as a driver error may.
    store = new Proxy(real, {
      get(target, property, receiver) {
        if (property === 'recordInbound' || property === 'consentOf')
          return async () => {
            throw new Error(`write failed for ${PHONE}: ${TEXT}`);
          };
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const logger = pino({ level: 'debug', ...LOG_REDACTION }, { write: (line: string) => void lines.push(line) });
    service = await startService({ store, logger });
  });
  after(async () => {
    await service.close();
    await store.close();
  });
  beforeEach(() => {
    lines.length = 0;
  });

  const secretOf = (url: string) => url.split('/').pop() ?? '';

  it('logs a 5xx of a callback without the secret segment, the number or the text, however the path is spelled', async () => {
    const url = service.urlOf('e2e-sinch');
    const secret = secretOf(url);
    const body = callbacks.sinch.inbound({
      requestId: `log-${Date.now()}`,
      from: PHONE,
      to: '+15550100',
      text: TEXT,
      at: new Date(),
    });
    for (const spelled of [url, url.replace('/webhooks/', '/WEBHOOKS/'), `${url}/`]) {
      const answer = await postJson(spelled, body);
      expect(answer.status, spelled).to.be.at.least(500);
    }
    const errors = lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    expect(errors).to.have.length(3);
    for (const line of lines) {
      expect(line).not.to.contain(secret);
      expect(line).not.to.contain(PHONE.slice(1));
      expect(line).not.to.contain(TEXT);
    }
    expect(errors.join('\n')).to.contain('/webhooks/e2e-sinch/…');
  });

  it('masks the phone number of an admin path in a 5xx line', async () => {
    const answer = await fetch(`${service.baseUrl}/api/consents/${encodeURIComponent(PHONE)}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(answer.status).to.be.at.least(500);
    expect(lines).to.have.length.above(0);
    for (const line of lines) {
      expect(line).not.to.contain(PHONE.slice(1));
      expect(line).not.to.contain(ADMIN_TOKEN);
    }
    expect(lines.join('\n')).to.contain('+1202*****77');
  });

  it('redacts credentials, texts and bodies wherever a log call passes them as fields', () => {
    const captured: string[] = [];
    const logger = pino({ level: 'info', ...LOG_REDACTION }, { write: (line: string) => void captured.push(line) });
    logger.info(
      {
        headers: { authorization: 'Bearer s3cret-token' },
        secret: 's3cret-value',
        credentials: { secret: 's3cret-nested' },
        text: TEXT,
        reply: { text: TEXT },
        body: TEXT,
      },
      'fields',
    );
    expect(captured.join('\n')).not.to.match(/s3cret|dinner/);
  });
});
