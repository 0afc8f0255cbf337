// A consent reply the consent has moved away from is not sent once the person was told the current state, so
// the last reply never contradicts the consent; in order, both replies still go.
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { bodyIdOf } from '../../src/store/idempotency-keys.ts';
import { join } from 'node:path';
import { pino } from 'pino';
import { Dispatcher } from '../../src/dispatch/dispatcher.ts';
import type { OutgoingMessage, SendOutcome } from '../../src/send/send-client.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { InboundRecord, Store } from '../../src/store/store.ts';

const AT = '2024-05-01T10:00:00.000Z';
const PERSON = '+447700900321';

function message(requestId: string, category: 'opt-out' | 'opt-in'): InboundRecord {
  return {
    webhookId: 'acme',
    requestId,
    receivedAt: AT,
    eventTime: AT,
    bodyId: bodyIdOf('{}'),
    event: {},
    category,
    keyword: category === 'opt-out' ? 'STOP' : 'YES',
    explanation: {},
    customKeyword: false,
    binary: false,
    ruleRevision: { id: 'acme', version: '1', contentHash: 'sha256:0' },
    consentKey: { senderNumber: '+15550100', profileNumber: PERSON },
    reply: { from: '+15550100', to: PERSON, text: category, category },
  };
}

describe('superseded consent replies', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'optline-superseded-'));
    store = await openSqliteStore({ dir });
    // STOP then YES at the same time: both change the consent, which ends opted in.
    await store.recordInbound(message('stop', 'opt-out'), { effect: 'opt-out', doubleOptInExpiresAfterDays: 30 });
    await store.recordInbound(message('yes', 'opt-in'), { effect: 'opt-in', doubleOptInExpiresAfterDays: 30 });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  function dispatcher(send: (message: OutgoingMessage) => SendOutcome): Dispatcher {
    return new Dispatcher({
      store,
      logger: pino({ level: 'silent' }),
      clientFor: () => ({ send: (outgoing) => Promise.resolve(send(outgoing)) }),
      now: () => Date.parse(AT) + 1000,
      random: () => 0, // a retry is due at once
    });
  }

  it('sends both in order when the STOP reply goes first', async () => {
    const sent: string[] = [];
    await dispatcher(
      (outgoing) => (sent.push(outgoing.text), { ok: true, providerMessageId: outgoing.outboxId }),
    ).runOnce();
    expect(sent).to.deep.equal(['opt-out', 'opt-in']);
  });

  it('suppresses the STOP reply when it would go after the YES reply', async () => {
    const sent: string[] = [];
    let failedOnce = false;
    const running = dispatcher((outgoing) => {
      if (outgoing.text === 'opt-out' && !failedOnce) {
        failedOnce = true;
        return { ok: false, retryable: true, reason: 'answered 500' };
      }
      sent.push(outgoing.text);
      return { ok: true, providerMessageId: outgoing.outboxId };
    });
    await running.runOnce(); // the STOP reply fails and is retried; the YES reply goes
    await running.runOnce();
    expect(sent).to.deep.equal(['opt-in']);
    const stop = (await store.outbox({})).find((entry) => entry.reply.category === 'opt-out');
    expect(stop?.state).to.equal('suppressed');
    expect(stop?.lastError).to.match(/consent has moved .* it is now opted-in/);
  });
});
