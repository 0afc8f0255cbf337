// The store contract against a real MongoDB-wire server when MONGODB_URI is set (test/ferretdb/ferretdb.sh
// start gives one). The store connects through a loopback TCP proxy that the outage test stops.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { MongoClient, ObjectId } from 'mongodb';
import { NO_CONSENT } from '../../src/consent/consent-state.ts';
import { transition } from '../../src/consent/transition.ts';
import { bodyIdOf, eventIdOf } from '../../src/store/idempotency-keys.ts';
import type { ConsentChangeDocument, OutboxDocument } from '../../src/store/mongo/mongo-schema.ts';
import { openMongoStore } from '../../src/store/mongo/mongo-store.ts';
import type { ConsentRule, InboundRecord } from '../../src/store/store.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import { singleHost } from '../support/mongo-uri.ts';
import { storeContract, type StoreHarness } from './store-contract.ts';

const uri = process.env.MONGODB_URI?.trim();
const run = `optline_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
let harnesses = 0;

async function mongoHarness(serverUri: string): Promise<StoreHarness> {
  const dbName = `${run}_${++harnesses}`;
  const target = singleHost(serverUri);
  const proxy = target ? await startTcpProxy(target) : null;
  const storeUri = target && proxy ? target.rewrite(proxy.port) : serverUri;
  const harness: StoreHarness = {
    open: () => openMongoStore({ uri: storeUri, dbName, serverSelectionTimeoutMS: 1000 }),
    dispose: async () => {
      await proxy?.close();
      const client = new MongoClient(serverUri, { serverSelectionTimeoutMS: 5000 });
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    },
    alterConsentChange: async (key, version, how) => {
      const client = new MongoClient(serverUri, { serverSelectionTimeoutMS: 5000 });
      try {
        const changes = client.db(dbName).collection<ConsentChangeDocument>('consent_changes');
        const filter = { ...key, version };
        const found = await changes.findOne(filter);
        if (!found) return expect.fail(`no consent change ${version}`);
        const result =
          how === 'content'
            ? await changes.updateOne(filter, {
                $set: { state: found.state === 'opted-out' ? 'opted-in' : 'opted-out' },
              })
            : await changes.updateOne(filter, { $unset: { hash: '', previousHash: '', provenance: '' } });
        expect(result.modifiedCount).to.equal(1);
      } finally {
        await client.close();
      }
    },
    cliEnv: { MONGODB_URI: withDatabase(serverUri, dbName) },
  };
  if (proxy) {
    harness.blockWrites = async () => {
      await proxy.stop();
      return () => proxy.start();
    };
  }
  return harness;
}

/** The server's URI naming another database. */
function withDatabase(serverUri: string, dbName: string): string {
  return serverUri.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?/, `$1/${dbName}`);
}

if (uri) {
  storeContract(`MongoDB (${uri.replace(/\/\/[^@/]*@/, '//***@')})`, () => mongoHarness(uri));

  // What only the Mongo store has to prove: without transactions, a callback interrupted between its steps is
  // completed by its retry exactly once. The interrupted state is written as the store itself writes it.
  describe('MongoDB store', () => {
    const dbName = `${run}_resume`;
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
    const key = { senderNumber: '+15550001111', profileNumber: '+447700900123' };
    const record: InboundRecord = {
      webhookId: 'acme-sms',
      requestId: 'interrupted',
      receivedAt: '2024-05-01T10:00:01.000Z',
      eventTime: '2024-05-01T10:00:00.000Z',
      bodyId: bodyIdOf('{"body":"STOP"}'),
      event: { inboundMessage: 'STOP' },
      category: 'opt-out',
      keyword: 'STOP',
      explanation: null,
      customKeyword: false,
      binary: false,
      ruleRevision: { id: 'acme', version: '1', contentHash: 'sha256:abc' },
      consentKey: key,
      reply: { from: key.senderNumber, to: key.profileNumber, text: 'Bye', category: 'opt-out' },
    };
    const optOut: ConsentRule = { effect: 'opt-out', doubleOptInExpiresAfterDays: 30 };

    after(async () => {
      await client.db(dbName).dropDatabase();
      await client.close();
    });

    it('completes a callback interrupted after its consent change and outbox entry, applying the change once', async () => {
      const store = await openMongoStore({ uri, dbName });
      try {
        const eventId = eventIdOf(record.webhookId, record.requestId);
        const change = transition(NO_CONSENT, { ...optOut, eventTime: record.eventTime });
        const changes = client.db(dbName).collection<ConsentChangeDocument>('consent_changes');
        await changes.insertOne({
          _id: JSON.stringify([key.senderNumber, key.profileNumber, 1]),
          ...key,
          version: 1,
          state: change.after.state,
          changedAt: change.after.changedAt,
          before: change.before,
          reason: change.reason,
          eventId,
        });
        const outbox = client.db(dbName).collection<OutboxDocument>('outbox');
        if (!record.reply) return expect.fail('the record needs a reply');
        await outbox.insertOne({
          _id: eventId,
          order: new ObjectId(),
          webhookId: record.webhookId,
          requestId: record.requestId,
          reply: record.reply,
          createdAt: record.receivedAt,
          state: 'pending',
        });
        const retried = await store.recordInbound(record, optOut);
        expect(retried.duplicate).to.equal(false);
        expect(retried.stored).to.deep.include({
          consentChanged: true,
          consentBefore: NO_CONSENT,
          consentAfter: change.after,
        });
        expect(await store.consent(key)).to.deep.equal(change.after);
        expect((await store.recordInbound(record, optOut)).duplicate).to.equal(true);
        const [view] = await store.consentOf(key.profileNumber);
        expect(view?.history.map((event) => event.requestId)).to.deep.equal(['interrupted']);
        expect(await store.outbox({})).to.have.length(1);
      } finally {
        await store.close();
      }
    });
  });

  describe('MongoDB store: bodies kept apart', () => {
    it("moves each stored record's raw body into the bodies collection once, losing none", async () => {
      const dbName = `${run}_bodies`;
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
      try {
        await (await openMongoStore({ uri, dbName })).close();
        // Documents as stored before bodies were kept apart: each record holding its whole body, no bodyId.
        const db = client.db(dbName);
        await db.collection('migrations').deleteMany({});
        const batch = '{"results":[{"from":"447700900123","text":"STOP"},{"from":"447700900124","text":"YES"}]}';
        const single = '{"from":"447700900125","text":"Ünïcødé 👋"}';
        for (const [requestId, profileNumber, rawBody] of [
          ['a', '+447700900123', batch],
          ['b', '+447700900124', batch],
          ['c', '+447700900125', single],
        ] as const) {
          const record = { webhookId: 'hook', requestId, receivedAt: '2024-05-01T10:00:01.000Z', rawBody, event: {} };
          await db.collection<{ _id: string; [field: string]: unknown }>('events').insertOne({
            _id: eventIdOf('hook', requestId),
            order: new ObjectId(),
            webhookId: 'hook',
            requestId,
            profileNumber,
            senderNumber: null,
            record: JSON.stringify(record),
            consentBefore: null,
            consentAfter: null,
            consentChanged: false,
            consentReason: null,
            consentVersion: null,
            outboxId: null,
          });
        }
        const feedback = { webhookId: 'hook', messageId: 'm', receivedAt: '2024-05-01T11:00:00.000Z', rawBody: single };
        await db.collection<{ _id: string; [field: string]: unknown }>('feedback').insertOne({
          _id: 'f',
          order: new ObjectId(),
          webhookId: 'hook',
          record: JSON.stringify(feedback),
          delivery: {},
        });

        const store = await openMongoStore({ uri, dbName });
        try {
          const events = await store.listEvents({});
          expect(events.map((event) => [event.requestId, event.bodyId])).to.deep.equal([
            ['c', bodyIdOf(single)],
            ['b', bodyIdOf(batch)],
            ['a', bodyIdOf(batch)],
          ]);
          for (const event of events) expect(event).not.to.have.property('rawBody');
          expect(await store.rawBody(bodyIdOf(batch))).to.equal(batch);
          expect(await store.rawBody(bodyIdOf(single))).to.equal(single);
          const [report] = await store.listFeedback({});
          expect(report)
            .to.include({ bodyId: bodyIdOf(single) })
            .and.not.to.have.property('rawBody');
          expect(await db.collection('bodies').countDocuments()).to.equal(2);
        } finally {
          await store.close();
        }
      } finally {
        await client.db(dbName).dropDatabase();
        await client.close();
      }
    });
  });
} else {
  describe('Store contract: MongoDB', () => {
    it('runs when MONGODB_URI is set (test/ferretdb/ferretdb.sh start prints one)', function () {
      this.skip();
    });
  });
}
