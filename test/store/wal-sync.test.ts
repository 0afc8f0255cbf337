// Durability of the embedded store: with synchronous=FULL a recorded write is acknowledged only once an fdatasync
// of the WAL, issued after that write's COMMIT, has succeeded. A SIGKILL keeps the page cache, so a crash test
// cannot tell this from NORMAL; here the fdatasync itself is held, released and failed by the test.
import { bodyIdOf } from '../../src/store/idempotency-keys.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { StoreUnavailableError } from '../../src/store/store-unavailable-error.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { ConsentRule, InboundRecord, RecordInboundResult, Store } from '../../src/store/store.ts';
import { HeldFdatasync } from '../support/held-fdatasync.ts';
import { until } from '../support/until.ts';

const OPT_OUT: ConsentRule = { effect: 'opt-out', doubleOptInExpiresAfterDays: 30 };

function inbound(requestId: string): InboundRecord {
  const key = { senderNumber: '+15550001111', profileNumber: '+447700900123' };
  return {
    webhookId: 'durable',
    requestId,
    receivedAt: '2024-05-01T10:00:01.000Z',
    eventTime: '2024-05-01T10:00:00.000Z',
    bodyId: bodyIdOf('{}'),
    event: {},
    category: 'opt-out',
    keyword: 'stop',
    explanation: {},
    customKeyword: false,
    binary: false,
    ruleRevision: { id: 'durable', version: '1', contentHash: 'sha256:abc' },
    consentKey: key,
    reply: { from: key.senderNumber, to: key.profileNumber, text: 'unsubscribed', category: 'opt-out' },
  };
}

/** A few turns of the event loop: time for any promise that is free to settle (none here is waiting on I/O). */
async function turns(count = 3): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('WAL sync of the embedded store', () => {
  let dir: string;
  let held: HeldFdatasync;
  let store: Store;
  let acknowledged: string[];

  const record = (requestId: string): Promise<RecordInboundResult> =>
    store.recordInbound(inbound(requestId), OPT_OUT).then((result) => {
      acknowledged.push(requestId);
      held.acknowledged(requestId);
      return result;
    });

  const progress = () => `fdatasyncs issued: ${held.syncs.length}; acknowledged: ${JSON.stringify(acknowledged)}`;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'optline-wal-sync-'));
    held = new HeldFdatasync();
    acknowledged = [];
  });

  afterEach(async () => {
    held.letThrough();
    await store.close();
    held.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('with synchronous=FULL', () => {
    beforeEach(async () => {
      store = await openSqliteStore({ dir, synchronous: 'FULL', fdatasync: held.call });
      held.hold(dir);
    });

    it('acknowledges a write only after an fdatasync issued after its COMMIT; one issued before does not release it', async () => {
      const first = record('first');
      await until(() => held.syncs.length === 1, { context: progress });
      expect([...held.syncs[0]!.covers], 'the fdatasync is issued after the COMMIT').to.deep.equal(['first']);
      const second = record('second'); // arrives while the first fdatasync runs
      await turns();
      expect(acknowledged, 'nothing is acknowledged while its fdatasync runs').to.deep.equal([]);

      held.syncs[0]!.release();
      await first;
      await until(() => held.syncs.length === 2 || acknowledged.includes('second'), { context: progress });
      await turns();
      expect(acknowledged, 'the fdatasync issued before the second COMMIT does not acknowledge it').to.deep.equal([
        'first',
      ]);
      expect([...held.syncs[1]!.covers]).to.include('second');

      held.syncs[1]!.release();
      await second;
      expect(acknowledged).to.deep.equal(['first', 'second']);
      expect(held.acknowledgedBeforeDurable()).to.deep.equal([]);
    });

    it('rejects the writes of a failed fdatasync as unavailable, and acknowledges the retry, a replay, after a sync of its own', async () => {
      const failing = record('retried');
      await until(() => held.syncs.length === 1, { context: progress });
      held.syncs[0]!.fail('EIO');
      const error = await failing.then(
        () => null,
        (reason: unknown) => reason,
      );
      expect(error).to.be.instanceOf(StoreUnavailableError);
      expect((error as Error).message).to.equal('SQLite store cannot sync its WAL (EIO)');

      // The COMMIT stands (the write may or may not be durable): the provider's retry finds it and stores nothing.
      const retry = record('retried');
      await until(() => held.syncs.length === 2 || acknowledged.length > 0, { context: progress });
      await turns();
      expect(acknowledged, 'the replay waits for an fdatasync too').to.deep.equal([]);
      held.syncs[1]!.release();
      expect((await retry).duplicate).to.equal(true);
      expect(await store.listEvents({})).to.have.length(1);
      expect(await store.outbox({})).to.have.length(1);
      expect(held.acknowledgedBeforeDurable()).to.deep.equal([]);
    });
  });

  describe('with synchronous=NORMAL', () => {
    beforeEach(async () => {
      store = await openSqliteStore({ dir, synchronous: 'NORMAL', fdatasync: held.call });
    });

    it('issues no fdatasync and acknowledges at the COMMIT', async () => {
      await record('normal');
      await record('normal-too');
      expect(acknowledged).to.deep.equal(['normal', 'normal-too']);
      expect(held.issued).to.equal(0);
    });
  });
});
