// The evidence builder on a real embedded store, for what the HTTP suite cannot reach: a chain altered in the
// database shows as not intact, naming the change, in the evidence itself. And what only SQLite has: the
// current consent kept in its own table, which must be what the chain's last change left.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { consentEvidence } from '../../src/evidence/consent-evidence.ts';
import { bodyIdOf, eventIdOf } from '../../src/store/idempotency-keys.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../../src/store/sqlite/sqlite-store.ts';
import type { ConsentRule, InboundRecord, Store } from '../../src/store/store.ts';
import { optline } from '../support/optline-cli.ts';

const KEY = { senderNumber: '+15550001111', profileNumber: '+447700900123' };

function bodyOf(requestId: string, text: string): string {
  return JSON.stringify({ id: requestId, from: KEY.profileNumber, text });
}

/** Stores the event's body as ingest does, then the event. */
async function record(store: Store, requestId: string, text: string, eventTime: string, rule: ConsentRule) {
  await store.recordBody({
    id: bodyIdOf(bodyOf(requestId, text)),
    text: bodyOf(requestId, text),
    receivedAt: eventTime,
  });
  return store.recordInbound(inbound(requestId, text, eventTime), rule);
}

function inbound(requestId: string, text: string, eventTime: string): InboundRecord {
  return {
    webhookId: 'acme',
    requestId,
    receivedAt: eventTime,
    eventTime,
    bodyId: bodyIdOf(bodyOf(requestId, text)),
    rawBodyHash: 'f'.repeat(64),
    event: { requestId, profileNumber: KEY.profileNumber, inboundMessage: text },
    category: text === 'STOP' ? 'opt-out' : 'opt-in',
    keyword: text,
    explanation: null,
    customKeyword: false,
    binary: false,
    ruleRevision: { id: 'acme', version: '1', contentHash: 'c'.repeat(64) },
    consentKey: KEY,
    reply: null,
  };
}

describe('consent evidence of an altered chain', () => {
  it('says the chain is not intact and names the altered change', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'optline-evidence-'));
    const store = await openSqliteStore({ dir });
    try {
      const rule = (effect: 'opt-out' | 'opt-in') => ({ effect, doubleOptInExpiresAfterDays: 30 });
      await record(store, 'e1', 'STOP', '2024-05-01T10:00:00.000Z', rule('opt-out'));
      await record(store, 'e2', 'YES', '2024-05-02T10:00:00.000Z', rule('opt-in'));
      const before = await consentEvidence(store, KEY.profileNumber, '2024-06-01T00:00:00.000Z');
      expect(before.intact).to.equal(true);
      expect(before.consents[0]?.changes.map((change) => change.body.whole)).to.have.length(2);

      const db = new Database(join(dir, SQLITE_FILE_NAME));
      db.prepare(`UPDATE events SET consent_reason = 'edited' WHERE request_id = 'e1'`).run();
      db.close();
      const after = await consentEvidence(store, KEY.profileNumber, '2024-06-01T00:00:00.000Z');
      expect(after.intact).to.equal(false);
      expect(after.consents[0]?.verification).to.deep.include({
        intact: false,
        broken: {
          version: 1,
          eventId: eventIdOf('acme', 'e1'),
          problem: 'does not match its hash: its stored content was altered',
        },
      });
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says so when the current consent was edited apart from its changes (SQLite keeps it in its own table)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'optline-evidence-'));
    const store = await openSqliteStore({ dir });
    try {
      await record(store, 'e1', 'STOP', '2024-05-01T10:00:00.000Z', {
        effect: 'opt-out',
        doubleOptInExpiresAfterDays: 30,
      });
      const env = { OPTLINE_DATA: dir, MONGODB_URI: '' };
      expect((await optline(['ledger', 'verify'], '', env)).status).to.equal(0);
      const db = new Database(join(dir, SQLITE_FILE_NAME));
      db.prepare(`UPDATE consents SET state = 'opted-in'`).run();
      db.close();
      const evidence = await consentEvidence(store, KEY.profileNumber, '2024-06-01T00:00:00.000Z');
      expect(evidence.intact).to.equal(false);
      const verified = await optline(['ledger', 'verify'], '', env);
      expect(verified.status).to.equal(1);
      expect(verified.stdout).to.contain(
        `version 1 (event ${eventIdOf('acme', 'e1')}) is the current consent (opted-in), but the last change left version 1 opted-out`,
      );
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
