// The dispatcher logs a store failure without the person's number or the reply's text: a driver error may quote
// what it was given (a MongoDB duplicate-key error names the key), and pino would log the error as it is.
import { expect } from 'chai';
import { pino } from 'pino';
import { Dispatcher } from '../../src/dispatch/dispatcher.ts';
import { LOG_REDACTION } from '../../src/http/log-redaction.ts';
import type { LeasedOutboxEntry, Store } from '../../src/store/store.ts';
import { until } from '../support/until.ts';

const PHONE = '+12025550177';
const REPLY = 'Thanks Alice, your table for four is booked';

/** A driver error quoting a key (a phone number) and, for an entry's write, the document's reply text. */
function failure(what: string, quoted = ''): Error {
  return Object.assign(new Error(`${what} failed: E11000 dup key: { to: "${PHONE}" }${quoted}`), { code: 11000 });
}

const ENTRY: LeasedOutboxEntry = {
  id: 'outbox-1',
  webhookId: 'e2e-sinch',
  requestId: 'request-1',
  reply: { from: '+15550100', to: PHONE, text: REPLY, category: 'default' },
  createdAt: new Date().toISOString(),
  state: 'sending',
  attempts: 1,
  nextAttemptAt: null,
  lastAttemptAt: null,
  inDoubt: false,
  lastError: null,
  providerMessageId: null,
  sentAt: null,
  lease: { owner: 'test', attempt: 1 },
};

describe('dispatcher logs', () => {
  it('logs a failed lease and a failed settlement with the number masked and the reply cut out', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info', ...LOG_REDACTION }, { write: (line: string) => void lines.push(line) });
    let leases = 0;
    const store = {
      async leaseOutbox() {
        leases += 1;
        if (leases === 1) throw failure('lease');
        return leases === 2 ? [ENTRY] : [];
      },
      async replyHistory() {
        throw failure('history', ` reply "${REPLY}"`);
      },
    } as unknown as Store;
    const dispatcher = new Dispatcher({
      store,
      clientFor: async () => ({ send: async () => ({ ok: true, providerMessageId: 'never' }) }),
      logger,
      pollIntervalMs: 5,
    });
    dispatcher.start();
    try {
      await until(() => lines.filter((line) => /dispatcher: could not/.test(line)).length >= 2, {
        timeoutMs: 10_000,
        context: () => lines.join('\n'),
      });
    } finally {
      await dispatcher.stop();
    }
    const logged = lines.join('\n');
    expect(logged).to.contain('could not lease outbox entries');
    expect(logged).to.contain('could not settle an outbox entry');
    expect(logged).to.contain('+1202*****77');
    expect(logged).to.contain('11000');
    expect(logged).not.to.contain(PHONE.slice(1));
    expect(logged).not.to.contain(REPLY);
  });
});
