// One large batch body is stored once, its events referring to it, in bounded commits (issue 15, finding 1): a
// 256 KiB Infobip inbound batch of 2,439 results used to be stored as 2,439 copies of the whole body (about
// 1 GiB), in commits that froze the event loop for seconds.
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { openMongoStore } from '../../src/store/mongo/mongo-store.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../../src/store/sqlite/sqlite-store.ts';
import { StoreUnavailableError } from '../../src/store/store-unavailable-error.ts';
import type { Store } from '../../src/store/store.ts';
import { BODY_LIMIT_BYTES } from '../../src/http/json-body.ts';
import { ADMIN_TOKEN, postJson, startService } from '../support/service.ts';
import { BATCH_RESULTS, infobipBatch } from '../support/infobip-batch.ts';
import * as callbacks from '../support/callbacks.ts';
import { MAX_EVENTS_PAGE_BYTES } from '../../src/http/event-router.ts';

/** Events of one body a commit may hold (src/webhooks/ingest-callback.ts INGEST_CHUNK_SIZE). */
const CHUNK_BOUND = 64;

interface Measured {
  name: string;
  /** Results in the batch: FerretDB takes tens of milliseconds per event, so the MongoDB run sends fewer (still
   * padded to 256 KiB, so a copy per event would still show). */
  results: number;
  /** What each event may add besides the one body: its record (extraction, decision, explanation), consent
   * change, outbox entry and their index entries. Measured: SQLite about 2.7 KB; FerretDB, which keeps each
   * document as JSON in SQLite tables of its own, about 6 KB. A copy of the body per event would be 256 KiB. */
  perEventBytes: number;
  open(): Promise<{ store: Store; bytes(): Promise<number>; dispose(): Promise<void> }>;
}

const measured: Measured[] = [
  {
    name: 'embedded store (SQLite)',
    results: BATCH_RESULTS,
    perEventBytes: 4096,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'optline-batch-'));
      const store = await openSqliteStore({ dir });
      const reader = new Database(join(dir, SQLITE_FILE_NAME), { readonly: true });
      return {
        store,
        // The database's pages as a reader sees them (the WAL's committed frames included): what it holds.
        bytes: async () => {
          const pages = reader.pragma('page_count', { simple: true }) as number;
          return pages * (reader.pragma('page_size', { simple: true }) as number);
        },
        dispose: async () => {
          reader.close();
          await store.close();
        },
      };
    },
  },
];
const mongoUri = process.env.MONGODB_URI;
if (mongoUri) {
  measured.push({
    name: 'MongoDB',
    results: 200,
    perEventBytes: 8192,
    async open() {
      const dbName = `optline_batch_${randomUUID().slice(0, 8)}`;
      const store = await openMongoStore({ uri: mongoUri, dbName });
      const client = await new MongoClient(mongoUri).connect();
      return {
        store,
        bytes: async () => Number((await client.db(dbName).command({ dbStats: 1 })).dataSize ?? 0),
        dispose: async () => {
          await client.close();
          await store.close();
        },
      };
    },
  });
}

/** Counts the recordInbound writes outstanding at once, and fails the `failAt`-th write once if asked. */
function observed(store: Store, options: { failAt?: number } = {}) {
  const seen = { inFlight: 0, maxInFlight: 0, calls: 0 };
  const proxy: Store = Object.create(store) as Store;
  proxy.recordInbound = async (record, rule) => {
    seen.calls += 1;
    if (seen.calls === options.failAt) throw new StoreUnavailableError('injected by the test');
    seen.inFlight += 1;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    try {
      return await store.recordInbound(record, rule);
    } finally {
      seen.inFlight -= 1;
    }
  };
  return { proxy, seen };
}

for (const backend of measured) {
  const RESULTS = backend.results;
  describe(`a ${RESULTS}-result inbound batch, on the ${backend.name}`, function () {
    this.timeout(120_000);
    let harness: Awaited<ReturnType<Measured['open']>>;

    before(async () => {
      harness = await backend.open();
    });
    after(async () => {
      await harness.dispose();
    });

    it('stores the body once, each event adding only its own record, in commits of a bounded size', async () => {
      const { proxy, seen } = observed(harness.store);
      const service = await startService({ store: proxy });
      try {
        const { text, numbers } = infobipBatch(`once-${randomUUID().slice(0, 8)}`, RESULTS);
        expect(text.length).to.be.within(BODY_LIMIT_BYTES - 4096, BODY_LIMIT_BYTES);
        // Warm up: the first callback creates the webhook's secret and the tables' first pages.
        const before = await harness.bytes();
        const response = await postJson(service.urlOf('e2e-infobip-in'), text);
        expect(response.status, JSON.stringify(response.body)).to.equal(200);
        expect(response.body).to.include({ events: RESULTS, duplicates: 0 });
        const growth = (await harness.bytes()) - before;
        expect(growth, `the store grew by ${growth} bytes`).to.be.below(text.length + RESULTS * backend.perEventBytes);
        expect(seen.maxInFlight, 'events of the body written at once').to.be.within(1, CHUNK_BOUND);
        // Every event acknowledged is stored, and names the one body, which reads back as received.
        const events = await harness.store.listEvents({ webhookId: 'e2e-infobip-in', limit: RESULTS + 1 });
        const ours = events.filter((event) => numbers.includes(event.consentKey?.profileNumber ?? ''));
        expect(ours).to.have.length(RESULTS);
        const bodyIds = new Set(ours.map((event) => event.bodyId));
        expect(bodyIds.size).to.equal(1);
        expect(await harness.store.rawBody([...bodyIds][0]!)).to.equal(text);
        expect(ours[0]).not.to.have.property('rawBody');
      } finally {
        await service.close();
      }
    });

    it('answers 503 when a later chunk fails, and a retry stores every event exactly once', async () => {
      const { proxy } = observed(harness.store, { failAt: RESULTS - 10 });
      const service = await startService({ store: proxy });
      try {
        const { text, numbers } = infobipBatch(`retry-${randomUUID().slice(0, 8)}`, RESULTS);
        const refused = await postJson(service.urlOf('e2e-infobip-in'), text);
        expect(refused.status, JSON.stringify(refused.body)).to.equal(503);
        const retried = await postJson(service.urlOf('e2e-infobip-in'), text);
        expect(retried.status, JSON.stringify(retried.body)).to.equal(200);
        expect(retried.body.events).to.equal(RESULTS);
        expect(retried.body.duplicates, 'the chunks stored before the failure are replays').to.be.at.least(CHUNK_BOUND);
        const profile = numbers[RESULTS - 1]!;
        expect(await harness.store.listEvents({ profileNumber: profile })).to.have.length(2); // this test's and the first's
      } finally {
        await service.close();
      }
    });

    it('pages GET /api/events with a cursor, bounded in count and bytes, raw bodies by reference', async () => {
      const service = await startService({ store: harness.store });
      const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
      /** Every page of a query, following `next`; each page's size in bytes. */
      const pagesOf = async (query: string) => {
        const pages: Array<{ bytes: number; requestIds: string[] }> = [];
        let next: string | null = null;
        do {
          const cursor: string = next === null ? '' : `&before=${encodeURIComponent(next)}`;
          const response: Response = await fetch(`${service.baseUrl}/api/events?${query}${cursor}`, { headers: auth });
          expect(response.status).to.equal(200);
          const text = await response.text();
          const page = JSON.parse(text) as { events: Array<{ requestId: string }>; next: string | null };
          pages.push({ bytes: text.length, requestIds: page.events.map((event) => event.requestId) });
          next = page.next;
        } while (next !== null && pages.length < 1000);
        return pages;
      };
      try {
        const byCount = await pagesOf('webhookId=e2e-infobip-in&limit=100');
        expect(byCount.length).to.equal(Math.ceil((2 * RESULTS) / 100) + ((2 * RESULTS) % 100 === 0 ? 1 : 0));
        expect(new Set(byCount.flatMap((page) => page.requestIds)).size).to.equal(2 * RESULTS);
        expect(Math.max(...byCount.map((page) => page.requestIds.length))).to.equal(100);

        // Twenty events of about 200 KB each: 4 MiB ends a page before `limit` does.
        const big = Array.from({ length: 20 }, (_, index) => `big-${randomUUID().slice(0, 8)}-${index}`);
        for (const requestId of big) {
          const body = callbacks.sinch.inbound({
            requestId,
            from: '+12025559188',
            to: '+15550100',
            text: `hello ${'y'.repeat(200_000)}`,
            at: new Date(),
          });
          expect((await postJson(service.urlOf('e2e-sinch'), body)).status).to.equal(200);
        }
        const byBytes = await pagesOf('profileNumber=%2B12025559188&limit=1000');
        expect(byBytes.length).to.be.at.least(2);
        for (const page of byBytes) expect(page.bytes).to.be.below(MAX_EVENTS_PAGE_BYTES + 300_000);
        expect(byBytes.flatMap((page) => page.requestIds).sort()).to.deep.equal([...big].sort());

        const [first] = (
          (await (
            await fetch(`${service.baseUrl}/api/events?webhookId=e2e-infobip-in&limit=1`, { headers: auth })
          ).json()) as {
            events: Array<{ bodyId: string }>;
          }
        ).events;
        const body = await fetch(`${service.baseUrl}/api/bodies/${first!.bodyId}`, { headers: auth });
        expect(body.status).to.equal(200);
        expect(((await body.json()) as { rawBody: string }).rawBody).to.match(/^\{"results":\[/);
        expect((await fetch(`${service.baseUrl}/api/bodies/no-such-body`, { headers: auth })).status).to.equal(404);
      } finally {
        await service.close();
      }
    });
  });
}
