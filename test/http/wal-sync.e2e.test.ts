// The 200 a provider gets is the promise that its callback survives a power loss: with synchronous=FULL the
// service answers only once an fdatasync of the WAL, issued after the callback's COMMIT, has succeeded, and a
// failed fdatasync answers 503 so the provider retries. The test holds, releases and fails each fdatasync.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { RETRY_AFTER_SECONDS } from '../../src/http/error-middleware.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { ConsentRule, InboundRecord, Store } from '../../src/store/store.ts';
import * as callbacks from '../support/callbacks.ts';
import { HeldFdatasync } from '../support/held-fdatasync.ts';
import { postJson, startService, type RunningService } from '../support/service.ts';
import { until } from '../support/until.ts';

const SENDER = '+15550100'; // the e2e-sinch fixture's number

describe('WAL sync over HTTP, with synchronous=FULL', () => {
  let dir: string;
  let held: HeldFdatasync;
  let store: Store;
  let service: RunningService;
  /** Request ids in the order the service handed them to the store. */
  let submitted: string[];
  /** Request ids in the order their 200 arrived. */
  let acknowledged: string[];

  const progress = () =>
    `fdatasyncs issued: ${held.syncs.length}; submitted: ${JSON.stringify(submitted)}; answered 200: ${JSON.stringify(acknowledged)}`;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'optline-wal-sync-e2e-'));
    held = new HeldFdatasync();
    store = await openSqliteStore({ dir, synchronous: 'FULL', fdatasync: held.call });
    submitted = [];
    acknowledged = [];
    service = await startService({ store: watchingSubmissions(store, submitted) });
    held.hold(dir); // after start-up, whose writes (webhook secrets) sync as usual
  });

  afterEach(async () => {
    held.letThrough();
    await service.close();
    await store.close();
    held.close();
    await rm(dir, { recursive: true, force: true });
  });

  const callback = (requestId: string, from: string) =>
    callbacks.sinch.inbound({ requestId, from, to: SENDER, text: 'STOP', at: new Date() });

  function send(requestId: string, body: unknown) {
    return postJson(service.urlOf('e2e-sinch'), body).then((response) => {
      if (response.status === 200) {
        acknowledged.push(requestId);
        held.acknowledged(requestId);
      }
      return response;
    });
  }

  /** The service answers a request sent later: had it not been waiting for the fdatasync, it would have answered. */
  async function laterRequestAnswered(): Promise<void> {
    expect((await fetch(`${service.baseUrl}/healthz`)).status).to.equal(200);
  }

  it('answers 200 only after an fdatasync issued after the COMMIT; one issued before the COMMIT does not release it', async () => {
    const first = send('wal-1', callback('wal-1', '+12025550181'));
    await until(() => held.syncs.length === 1, { context: progress });
    expect([...held.syncs[0]!.covers], 'the fdatasync is issued after the COMMIT').to.deep.equal(['wal-1']);
    await laterRequestAnswered();
    expect(acknowledged, 'no 200 while the fdatasync runs').to.deep.equal([]);

    const second = send('wal-2', callback('wal-2', '+12025550182'));
    await until(() => submitted.includes('wal-2'), { context: progress }); // in the store while the first fdatasync runs
    held.syncs[0]!.release();
    expect((await first).status).to.equal(200);
    await until(() => held.syncs.length === 2 || acknowledged.includes('wal-2'), { context: progress });
    await laterRequestAnswered();
    expect(acknowledged, 'the fdatasync issued before the second COMMIT does not answer it').to.deep.equal(['wal-1']);
    expect([...held.syncs[1]!.covers]).to.include('wal-2');

    held.syncs[1]!.release();
    expect((await second).status).to.equal(200);
    expect(held.acknowledgedBeforeDurable()).to.deep.equal([]);
  });

  it('answers 503 with Retry-After when the fdatasync fails, and stores the retried callback once, as a replay', async () => {
    const from = '+12025550183';
    const body = callback('wal-failed', from);
    const refused = send('wal-failed', body);
    await until(() => held.syncs.length === 1, { context: progress });
    held.syncs[0]!.fail('EIO');
    const response = await refused;
    expect(response.status).to.equal(503);
    expect(response.body.error).to.equal('store_unavailable');
    expect(response.headers.get('retry-after')).to.equal(String(RETRY_AFTER_SECONDS));

    // The provider retries. The failed group's COMMIT stands, so the retry is a replay, and it too is answered
    // only after an fdatasync (the first one failed: nothing says the event reached the disk).
    const retried = send('wal-failed', body);
    await until(() => held.syncs.length === 2 || acknowledged.length > 0, { context: progress });
    await laterRequestAnswered();
    expect(acknowledged, 'the replay waits for an fdatasync').to.deep.equal([]);
    held.syncs[1]!.release();
    const retry = await retried;
    expect(retry.status).to.equal(200);
    expect(retry.body).to.include({ status: 'stored', events: 1, duplicates: 1 });
    expect(held.acknowledgedBeforeDurable()).to.deep.equal([]);

    expect(await store.listEvents({ profileNumber: from })).to.have.length(1);
    const [view] = await store.consentOf(from);
    expect(view?.current.state).to.equal('opted-out');
    expect(view?.history).to.have.length(1);
    expect((await store.outbox({})).filter((entry) => entry.reply.to === from)).to.have.length(1);
  });
});

/** The store, noting each inbound request id as the service hands it over (before any COMMIT). */
function watchingSubmissions(store: Store, submitted: string[]): Store {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'recordInbound') {
        return (record: InboundRecord, rule: ConsentRule) => {
          submitted.push(record.requestId);
          return target.recordInbound(record, rule);
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
