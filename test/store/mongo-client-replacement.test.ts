// A MongoDB driver whose server monitor has stopped (a heartbeat that never settles: the race described in
// src/store/mongo/replaceable-client.ts) leaves the store failing server selection after the server is back.
// These tests put the driver in that state on purpose, cut the connection, and expect both stores to serve
// again once it is restored, on a fresh client. Only with MONGODB_URI (FerretDB in CI).
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { openMongoAdminStore } from '../../src/admin/mongo-admin-store.ts';
import { bodyIdOf } from '../../src/store/idempotency-keys.ts';
import { openMongoStore } from '../../src/store/mongo/mongo-store.ts';
import type { ConsentRule, InboundRecord } from '../../src/store/store.ts';
import { StoreUnavailableError } from '../../src/store/store-unavailable-error.ts';
import { singleHost } from '../support/mongo-uri.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { until } from '../support/until.ts';

const uri = process.env.MONGODB_URI?.trim();
const target = uri ? singleHost(uri) : null;
const dbName = `optline_replace_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

/** The driver's internals this test reaches into, to stop a monitor the way the race does. */
interface DriverInternals {
  topology?: {
    s: {
      servers: Map<
        string,
        { monitor?: { s: { state: string }; connection: { command: unknown } | null; requestCheck(): void } }
      >;
    };
  };
}

/** Every client connected in this process from now on, so that the test can reach the stores' own. */
function recordClients(): { clients: MongoClient[]; restore: () => void } {
  const clients: MongoClient[] = [];
  const connect = MongoClient.prototype.connect;
  MongoClient.prototype.connect = function (this: MongoClient) {
    clients.push(this);
    return connect.call(this);
  };
  return { clients, restore: () => (MongoClient.prototype.connect = connect) };
}

/** Makes the client's next heartbeat never settle, and starts it: the monitor then waits on it forever. */
async function stopMonitor(client: MongoClient): Promise<void> {
  const servers = (client as unknown as DriverInternals).topology?.s.servers;
  const monitors = [...(servers?.values() ?? [])].map((server) => server.monitor);
  expect(monitors, "the driver's monitors (internals this test relies on)").to.have.length.greaterThan(0);
  for (const monitor of monitors) {
    if (!monitor?.connection) return expect.fail('a monitor without its connection: the driver changed');
    monitor.connection.command = () => new Promise(() => undefined);
    monitor.requestCheck();
  }
  await until(() => monitors.every((monitor) => monitor?.s.state === 'monitoring'), { timeoutMs: 5000 });
}

/** Cuts every connection, waits until an operation has failed for it, and restores the proxy. */
async function cutUntilRefused(proxy: TcpProxy, attempt: () => Promise<unknown>): Promise<void> {
  await proxy.stop();
  try {
    await until(
      () =>
        attempt().then(
          () => false,
          (error: unknown) => error instanceof StoreUnavailableError,
        ),
      { timeoutMs: 15_000 },
    );
  } finally {
    await proxy.start();
  }
}

/** Whether an operation succeeds, for waiting until one does. */
function succeeds(attempt: () => Promise<unknown>): Promise<boolean> {
  return attempt().then(
    () => true,
    () => false,
  );
}

function inbound(requestId: string): InboundRecord {
  return {
    webhookId: 'acme-sms',
    requestId,
    receivedAt: '2026-05-01T10:00:01.000Z',
    eventTime: '2026-05-01T10:00:00.000Z',
    bodyId: bodyIdOf(`{"id":"${requestId}"}`),
    event: { inboundMessage: 'hello' },
    category: 'default',
    keyword: null,
    explanation: null,
    customKeyword: false,
    binary: false,
    ruleRevision: { id: 'acme', version: '1', contentHash: 'sha256:abc' },
    consentKey: null,
    reply: null,
  };
}

const noConsent: ConsentRule = { effect: null, doubleOptInExpiresAfterDays: 30 };

if (uri && target) {
  describe('MongoDB: a client whose server monitor stopped is replaced', function () {
    this.timeout(60_000);
    let proxy: TcpProxy;
    let recorder: ReturnType<typeof recordClients>;

    beforeEach(async () => {
      proxy = await startTcpProxy(target);
      recorder = recordClients();
    });

    afterEach(async () => {
      recorder.restore();
      await proxy.close();
    });

    after(async () => {
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    });

    it('the event store records callbacks again after a connection cut, on a fresh client', async () => {
      let replaced = 0;
      const store = await openMongoStore({
        uri: target.rewrite(proxy.port),
        dbName,
        serverSelectionTimeoutMS: 1000,
        clientReplaced: () => (replaced += 1),
      });
      try {
        await store.recordInbound(inbound('before'), noConsent);
        const [client] = recorder.clients;
        if (!client) return expect.fail('the store connected no client');
        await stopMonitor(client);
        await cutUntilRefused(proxy, () => store.recordInbound(inbound('during'), noConsent));

        let sequence = 0;
        await until(() => succeeds(() => store.recordInbound(inbound(`after-${sequence++}`), noConsent)), {
          timeoutMs: 30_000,
        });
        expect(replaced).to.equal(1);
        const stored = (await store.listEvents({ webhookId: 'acme-sms', limit: 100 })).map((event) => event.requestId);
        expect(stored).to.include.members(['before', `after-${sequence - 1}`]);
      } finally {
        await store.close();
      }
    });

    it('the admin store answers again after a connection cut, on a fresh client', async () => {
      let replaced = 0;
      const store = await openMongoAdminStore({
        uri: target.rewrite(proxy.port),
        dbName,
        serverSelectionTimeoutMS: 1000,
        clientReplaced: () => (replaced += 1),
      });
      try {
        const [client] = recorder.clients;
        if (!client) return expect.fail('the admin store connected no client');
        await stopMonitor(client);
        await cutUntilRefused(proxy, () => store.listChannels());
        await until(() => succeeds(() => store.listChannels()), { timeoutMs: 30_000 });
        expect(replaced).to.equal(1);
      } finally {
        await store.close();
      }
    });
  });
}
