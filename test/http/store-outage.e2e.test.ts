import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { openMongoStore } from '../../src/store/mongo/mongo-store.ts';
import type { Store } from '../../src/store/store.ts';
import { lockDatabaseExclusively } from '../support/sqlite-lock.ts';
import { singleHost } from '../support/mongo-uri.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import { postJson, startService, type RunningService } from '../support/service.ts';
import * as callbacks from '../support/callbacks.ts';
import { until } from '../support/until.ts';

interface Outage {
  name: string;
  open(): Promise<{ store: Store; takeDown(): Promise<() => Promise<void>>; dispose(): Promise<void> }>;
}

const outages: Outage[] = [
  {
    name: 'embedded store locked by another process',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'optline-outage-'));
      const store = await openSqliteStore({ dir, busyTimeoutMs: 200 });
      return {
        store,
        takeDown: async () => {
          const release = lockDatabaseExclusively(dir);
          return async () => release();
        },
        dispose: () => store.close(),
      };
    },
  },
];

const mongoTarget = process.env.MONGODB_URI ? singleHost(process.env.MONGODB_URI) : null;
if (mongoTarget) {
  outages.push({
    name: 'MongoDB behind a connection that is cut',
    async open() {
      const proxy = await startTcpProxy(mongoTarget);
      const store = await openMongoStore({
        uri: mongoTarget.rewrite(proxy.port),
        dbName: `optline_outage_${randomUUID().slice(0, 8)}`,
        serverSelectionTimeoutMS: 1000,
      });
      return {
        store,
        takeDown: async () => {
          await proxy.stop();
          return () => proxy.start();
        },
        dispose: async () => {
          await store.close();
          await proxy.close();
        },
      };
    },
  });
}

for (const outage of outages) {
  describe(`a store outage (${outage.name})`, function () {
    this.timeout(60_000);
    let harness: Awaited<ReturnType<Outage['open']>>;
    let service: RunningService;

    before(async () => {
      harness = await outage.open();
      service = await startService({ store: harness.store });
    });
    after(async () => {
      await service.close();
      await harness.dispose();
    });

    it('answers 503 with Retry-After while the store is down, then stores the retried callback exactly once', async () => {
      const from = `+1202555${String(Date.now() % 10000).padStart(4, '0')}`;
      const body = callbacks.sinch.inbound({
        requestId: `outage-${randomUUID()}`,
        from,
        to: '+15550100',
        text: 'STOP',
        at: new Date(),
      });
      const bringBack = await harness.takeDown();
      let restored = false;
      try {
        const refused = await postJson(service.urlOf('e2e-sinch'), body);
        expect(refused.status).to.equal(503);
        expect(refused.body.error).to.equal('store_unavailable');
        expect(refused.headers.get('retry-after')).to.match(/^\d+$/);
        expect((await fetch(`${service.baseUrl}/readyz`)).status).to.equal(503);
        await bringBack();
        restored = true;
      } finally {
        if (!restored) await bringBack();
      }
      // The provider retries until it gets a 2xx; then once more, as providers sometimes do.
      let status = 0;
      await until(async () => (status = (await postJson(service.urlOf('e2e-sinch'), body)).status) === 200, {
        timeoutMs: 10_000,
        pollMs: 250,
        context: () => `the store is back, yet the callback still gets ${status}`,
      });
      expect((await postJson(service.urlOf('e2e-sinch'), body)).status).to.equal(200);
      expect(await harness.store.listEvents({ profileNumber: from })).to.have.length(1);
      expect((await harness.store.consent({ senderNumber: '+15550100', profileNumber: from })).state).to.equal(
        'opted-out',
      );
      expect((await harness.store.outbox({})).filter((entry) => entry.reply.to === from)).to.have.length(1);
    });
  });
}
