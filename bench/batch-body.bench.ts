// What one 256 KiB, 2,439-result Infobip inbound batch costs the store (issue 15, finding 1): how much the store
// grows (the SQLite database's pages and its files on disk; MongoDB's dbStats dataSize when MONGODB_URI is set),
// the bytes per event, the longest event-loop stall while it is stored, and the latency of single callbacks sent
// meanwhile. In-process, on the fixture rules. Run: node --import tsx bench/batch-body.bench.ts
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { openMongoStore } from '../src/store/mongo/mongo-store.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../src/store/store.ts';
import { infobipBatch } from '../test/support/infobip-batch.ts';
import { postJson, startService } from '../test/support/service.ts';
import { sinch } from '../test/support/callbacks.ts';

interface Measured {
  name: string;
  store: Store;
  figures(): Promise<Record<string, number>>;
  dispose(): Promise<void>;
}

async function sqlite(): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'optline-batch-bench-'));
  const store = await openSqliteStore({ dir });
  const reader = new Database(join(dir, SQLITE_FILE_NAME), { readonly: true });
  const file = (name: string) => {
    try {
      return statSync(join(dir, name)).size;
    } catch {
      return 0;
    }
  };
  return {
    name: 'SQLite',
    store,
    figures: async () => ({
      databaseBytes: (reader.pragma('page_count', { simple: true }) as number) * 4096,
      filesOnDiskBytes: file(SQLITE_FILE_NAME) + file(`${SQLITE_FILE_NAME}-wal`),
      eventRecordBytes:
        reader.prepare<[], number>('SELECT COALESCE(SUM(LENGTH(record)), 0) FROM events').pluck().get() ?? 0,
    }),
    dispose: async () => {
      reader.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function mongo(uri: string): Promise<Measured> {
  const dbName = `optline_batch_bench_${randomUUID().slice(0, 8)}`;
  const store = await openMongoStore({ uri, dbName });
  const client = await new MongoClient(uri).connect();
  return {
    name: 'MongoDB',
    store,
    figures: async () => ({ dataSizeBytes: Number((await client.db(dbName).command({ dbStats: 1 })).dataSize ?? 0) }),
    dispose: async () => {
      await client.db(dbName).dropDatabase();
      await client.close();
      await store.close();
    },
  };
}

async function measure(target: Measured): Promise<void> {
  const service = await startService({ store: target.store });
  try {
    const warm = sinch.inbound({
      requestId: 'warm',
      from: '+12025559999',
      to: '+15550100',
      text: 'HELP',
      at: new Date(),
    });
    await postJson(service.urlOf('e2e-sinch'), warm);
    await postJson(service.urlOf('e2e-infobip-in'), infobipBatch('warm', 100).text);
    const before = await target.figures();
    const { text } = infobipBatch(`bench-${randomUUID().slice(0, 8)}`);
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const latencies: number[] = [];
    let storing = true;
    const singles = (async () => {
      for (let index = 0; storing; index++) {
        const body = sinch.inbound({
          requestId: `single-${index}`,
          from: `+1202556${String(index % 10000).padStart(4, '0')}`,
          to: '+15550100',
          text: 'YES',
          at: new Date(),
        });
        const started = performance.now();
        await postJson(service.urlOf('e2e-sinch'), body);
        latencies.push(performance.now() - started);
      }
    })();
    const started = performance.now();
    const response = await postJson(service.urlOf('e2e-infobip-in'), text);
    const elapsed = performance.now() - started;
    storing = false;
    await singles;
    delay.disable();
    const after = await target.figures();
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0;
    const growth = Object.fromEntries(Object.entries(after).map(([key, value]) => [key, value - (before[key] ?? 0)]));
    console.log(
      JSON.stringify({
        store: target.name,
        status: response.status,
        bodyBytes: text.length,
        events: response.body.events,
        growth,
        batchMs: Math.round(elapsed),
        maxEventLoopStallMs: Math.round(delay.max / 1e6),
        singleCallbacks: latencies.length,
        singleP99Ms: Math.round(p99),
      }),
    );
  } finally {
    await service.close();
  }
}

for (const open of [sqlite, ...(process.env.MONGODB_URI ? [() => mongo(process.env.MONGODB_URI!)] : [])]) {
  const target = await open();
  try {
    await measure(target);
  } finally {
    await target.dispose();
  }
}
