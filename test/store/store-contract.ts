// The one behavioural suite every Store adapter must pass, run against real backends (never a mock).
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { optline } from '../support/optline-cli.ts';
import { verifyChain } from '../../src/consent/consent-chain.ts';
import { sha256Hex } from '../../src/crypto/sha256-hex.ts';
import { NO_CONSENT, type ConsentKey } from '../../src/consent/consent-state.ts';
import { transition, type ConsentEffect } from '../../src/consent/transition.ts';
import type { CanonicalStatus } from '../../src/events.ts';
import { ConsentMovedError } from '../../src/store/consent-moved-error.ts';
import { bodyIdOf, eventIdOf } from '../../src/store/idempotency-keys.ts';
import { ReviewDecidedError } from '../../src/store/review-decided-error.ts';
import { StoreUnavailableError } from '../../src/store/store-unavailable-error.ts';
import type {
  ConsentRule,
  FeedbackRecord,
  InboundRecord,
  Store,
  SubscriptionConfirmationRecord,
} from '../../src/store/store.ts';

export interface StoreHarness {
  /** Opens a store on this harness's data; every call opens the same data (reopen tests). */
  open(): Promise<Store>;
  /** Makes the backend refuse writes until the returned function is called; absent when it cannot. */
  blockWrites?: () => Promise<() => Promise<void>>;
  /** Deletes the data and anything else the harness started. */
  dispose(): Promise<void>;
  /**
   * Alters one stored consent change in the database itself, as someone bypassing Optline would: 'content' flips
   * its state between opted-out and opted-in; 'unhash' removes its hash and link (as on a change stored before chains existed).
   */
  alterConsentChange(key: ConsentKey, version: number, how: 'content' | 'unhash'): Promise<void>;
  /** The environment under which `optline` opens this harness's data. */
  cliEnv: NodeJS.ProcessEnv;
}

const WEBHOOK = 'acme-sms';
const SENDER = '+15550001111';
const PROFILE = '+447700900123';
const KEY: ConsentKey = { senderNumber: SENDER, profileNumber: PROFILE };

interface InboundOptions {
  requestId: string;
  text?: string;
  eventTime?: string;
  key?: ConsentKey | null;
  reply?: boolean;
  webhookId?: string;
}

function inbound(options: InboundOptions): InboundRecord {
  const key = options.key === undefined ? KEY : options.key;
  const text = options.text ?? 'STOP';
  const eventTime = options.eventTime ?? '2024-05-01T10:00:00.000Z';
  return {
    webhookId: options.webhookId ?? WEBHOOK,
    requestId: options.requestId,
    receivedAt: '2024-05-01T10:00:01.000Z',
    eventTime,
    bodyId: bodyIdOf(JSON.stringify({ id: options.requestId, body: text, from: key?.profileNumber ?? 'unknown' })),
    rawBodyHash: sha256Hex(`body of ${options.requestId}`),
    event: { inboundMessage: text, profileNumber: key?.profileNumber ?? null, nested: { list: [1, 'two', null] } },
    category: 'opt-out',
    keyword: text,
    explanation: { rules: [{ name: 'opt-out', result: true, score: 0.93 }] },
    customKeyword: false,
    binary: false,
    ruleRevision: { id: 'acme', version: '3', contentHash: 'sha256:abc' },
    consentKey: key,
    reply:
      options.reply === false || key === null
        ? null
        : { from: key.senderNumber, to: key.profileNumber, text: `You sent ${text}`, category: 'opt-out' },
  };
}

function rule(effect: ConsentEffect | null): ConsentRule {
  return { effect, doubleOptInExpiresAfterDays: 30 };
}

function feedback(options: {
  messageId?: string | null;
  clientReference?: string | null;
  status: CanonicalStatus;
  code?: unknown;
  at?: string;
}): FeedbackRecord {
  const final = !['queued', 'sent', 'unknown'].includes(options.status);
  return {
    webhookId: WEBHOOK,
    messageId: options.messageId === undefined ? 'msg-1' : options.messageId,
    clientReference: options.clientReference ?? null,
    recipient: PROFILE,
    status: { code: options.code ?? 0, status: options.status.toUpperCase(), canonical: options.status, final },
    receivedAt: options.at ?? '2024-05-01T11:00:00.000Z',
    bodyId: bodyIdOf(JSON.stringify({ status: options.status })),
    event: { status: options.status.toUpperCase() },
  };
}

async function expectUnavailable(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).code).to.equal('store_unavailable');
    return;
  }
  expect.fail('expected StoreUnavailableError');
}

async function eventually(check: () => Promise<void>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export function storeContract(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${name}`, function () {
    this.timeout(30_000);
    let harness: StoreHarness;
    let store: Store;
    const opened: Store[] = [];

    const open = async (): Promise<Store> => {
      const next = await harness.open();
      opened.push(next);
      return next;
    };

    beforeEach(async () => {
      harness = await makeHarness();
      store = await open();
    });

    afterEach(async () => {
      for (const each of opened.splice(0)) await each.close().catch(() => undefined);
      await harness.dispose();
    });

    describe('inbound events', () => {
      it('stores the event, its consent change and its outbox entry together (STOP opts out)', async () => {
        const record = inbound({ requestId: 'r1' });
        const result = await store.recordInbound(record, rule('opt-out'));
        expect(result.duplicate).to.equal(false);
        expect(result.stored).to.deep.include(record);
        expect(result.stored.consentBefore).to.deep.equal(NO_CONSENT);
        expect(result.stored.consentAfter).to.deep.equal({
          state: 'opted-out',
          changedAt: record.eventTime,
          version: 1,
        });
        expect(result.stored.consentChanged).to.equal(true);
        expect(result.stored.consentReason).to.match(/opt-out wins/);
        expect(result.stored.outboxId).to.equal(eventIdOf(WEBHOOK, 'r1'));

        expect(await store.consent(KEY)).to.deep.equal({ state: 'opted-out', changedAt: record.eventTime, version: 1 });
        const outbox = await store.outbox({});
        expect(outbox).to.have.length(1);
        expect(outbox[0]).to.deep.include({
          id: eventIdOf(WEBHOOK, 'r1'),
          webhookId: WEBHOOK,
          requestId: 'r1',
          state: 'pending',
          reply: record.reply,
        });
        const [listed] = await store.listEvents({ profileNumber: PROFILE });
        expect(listed).to.deep.equal(result.stored);
      });

      it('answers a sequential replay as a duplicate with the original record and changes nothing', async () => {
        const first = await store.recordInbound(inbound({ requestId: 'r1' }), rule('opt-out'));
        const replay = await store.recordInbound(
          inbound({ requestId: 'r1', text: 'START', eventTime: '2024-05-02T10:00:00.000Z' }),
          rule('opt-in'),
        );
        expect(replay.duplicate).to.equal(true);
        expect(replay.stored).to.deep.equal(first.stored);
        expect((await store.consent(KEY)).state).to.equal('opted-out');
        expect(await store.listEvents({})).to.have.length(1);
        expect(await store.outbox({})).to.have.length(1);
      });

      it('stores 50 concurrent identical callbacks once: one event, one consent change, one outbox entry', async () => {
        const record = inbound({ requestId: 'burst' });
        const results = await Promise.all(
          Array.from({ length: 50 }, () => store.recordInbound(record, rule('opt-out'))),
        );
        expect(results.filter((result) => !result.duplicate)).to.have.length(1);
        for (const result of results) expect(result.stored).to.deep.equal(results[0]?.stored);
        expect(await store.listEvents({})).to.have.length(1);
        expect(await store.outbox({})).to.have.length(1);
        expect(await store.consent(KEY)).to.deep.include({ state: 'opted-out', version: 1 });
        const [view] = await store.consentOf(PROFILE);
        expect(view?.history).to.have.length(1);
      });

      it('serialises concurrent changes of one consent: every change is counted once, in a chain', async () => {
        const records = Array.from({ length: 30 }, (_, index) =>
          inbound({
            requestId: `chain-${index}`,
            text: index % 2 === 0 ? 'STOP' : 'START',
            eventTime: '2024-05-01T10:00:00.000Z',
          }),
        );
        await Promise.all(
          records.map((record, index) => store.recordInbound(record, rule(index % 2 === 0 ? 'opt-out' : 'opt-in'))),
        );
        const [view] = await store.consentOf(PROFILE);
        if (!view) return expect.fail('no consent stored');
        expect(view.current.version).to.equal(view.history.length);
        view.history.forEach((event, index) => {
          expect(event.consentBefore?.version).to.equal(index);
          expect(event.consentAfter?.version).to.equal(index + 1);
          expect(event.consentAfter?.state).to.not.equal(event.consentBefore?.state);
        });
        expect(view.history.at(-1)?.consentAfter).to.deep.equal(view.current);
        expect(await store.listEvents({ limit: 100 })).to.have.length(30);
      });

      it('confirms a double opt-in: JOIN makes it pending, YES opts in, and history keeps both, oldest first', async () => {
        await store.recordInbound(
          inbound({ requestId: 'join', text: 'JOIN', eventTime: '2024-05-01T10:00:00.000Z' }),
          rule('double-opt-in'),
        );
        expect((await store.consent(KEY)).state).to.equal('pending');
        await store.recordInbound(
          inbound({ requestId: 'yes', text: 'YES', eventTime: '2024-05-01T10:05:00.000Z' }),
          rule('opt-in'),
        );
        expect(await store.consent(KEY)).to.deep.equal({
          state: 'opted-in',
          changedAt: '2024-05-01T10:05:00.000Z',
          version: 2,
        });
        const [view] = await store.consentOf(PROFILE);
        expect(view?.key).to.deep.equal(KEY);
        expect(
          view?.history.map((event) => [event.requestId, event.consentAfter?.state, event.consentReason]),
        ).to.deep.equal([
          ['join', 'pending', 'double opt-in requested: waiting for confirmation'],
          ['yes', 'opted-in', 'opt-in confirms the pending double opt-in'],
        ]);
      });

      it('records an older opt-in that arrives after an opt-out without moving the opted-out state', async () => {
        await store.recordInbound(
          inbound({ requestId: 'stop', eventTime: '2024-05-01T10:00:00.000Z' }),
          rule('opt-out'),
        );
        const late = await store.recordInbound(
          inbound({ requestId: 'old-start', text: 'START', eventTime: '2024-05-01T09:00:00.000Z' }),
          rule('opt-in'),
        );
        expect(late.duplicate).to.equal(false);
        expect(late.stored.consentChanged).to.equal(false);
        expect(late.stored.consentReason).to.match(/older than the last change/);
        expect(late.stored.consentAfter).to.deep.equal(late.stored.consentBefore);
        expect(await store.consent(KEY)).to.deep.include({ state: 'opted-out', version: 1 });
        const [view] = await store.consentOf(PROFILE);
        expect(view?.history.map((event) => event.requestId)).to.deep.equal(['stop']);
        expect(await store.listEvents({ profileNumber: PROFILE })).to.have.length(2);
      });

      it('keeps consent per sender number and lists every sender of a profile', async () => {
        const other: ConsentKey = { senderNumber: '*', profileNumber: PROFILE };
        await store.recordInbound(inbound({ requestId: 'a' }), rule('opt-out'));
        await store.recordInbound(inbound({ requestId: 'b', text: 'START', key: other }), rule('opt-in'));
        expect((await store.consent(KEY)).state).to.equal('opted-out');
        expect((await store.consent(other)).state).to.equal('opted-in');
        const views = await store.consentOf(PROFILE);
        expect(views.map((view) => [view.key.senderNumber, view.current.state]).sort()).to.deep.equal([
          ['*', 'opted-in'],
          [SENDER, 'opted-out'],
        ]);
        expect(await store.consentOf('+10000000000')).to.deep.equal([]);
        expect(await store.consent({ senderNumber: SENDER, profileNumber: '+10000000000' })).to.deep.equal(NO_CONSENT);
      });

      it('stores an event without a consent key (and without a reply) without deciding anything', async () => {
        const result = await store.recordInbound(inbound({ requestId: 'anon', key: null }), rule('opt-out'));
        expect(result.stored).to.deep.include({
          consentBefore: null,
          consentAfter: null,
          consentChanged: false,
          outboxId: null,
        });
        expect(await store.outbox({})).to.deep.equal([]);
        expect(await store.listEvents({})).to.have.length(1);
      });

      it('rejects only the write whose consent rule is invalid, and keeps nothing of it', async () => {
        const failing = store.recordInbound(inbound({ requestId: 'bad' }), {
          ...rule(null),
          effect: 'opt-sideways' as ConsentEffect,
        });
        const fine = store.recordInbound(inbound({ requestId: 'good' }), rule('opt-out'));
        const [bad, good] = await Promise.allSettled([failing, fine]);
        expect(bad.status).to.equal('rejected');
        expect(good.status).to.equal('fulfilled');
        expect((await store.listEvents({})).map((event) => event.requestId)).to.deep.equal(['good']);
        expect(await store.outbox({})).to.have.length(1);
      });

      it('lists events newest first, by profile number or webhook, within the limit', async () => {
        const someoneElse: ConsentKey = { senderNumber: SENDER, profileNumber: '+33612345678' };
        for (const [requestId, key, webhookId] of [
          ['e1', KEY, WEBHOOK],
          ['e2', someoneElse, WEBHOOK],
          ['e3', KEY, 'other-hook'],
          ['e4', KEY, WEBHOOK],
        ] as const) {
          await store.recordInbound(inbound({ requestId, key, webhookId }), rule(null));
        }
        const ids = async (query: Parameters<Store['listEvents']>[0]) =>
          (await store.listEvents(query)).map((event) => event.requestId);
        expect(await ids({ profileNumber: PROFILE })).to.deep.equal(['e4', 'e3', 'e1']);
        expect(await ids({ profileNumber: '+33612345678' })).to.deep.equal(['e2']);
        expect(await ids({ webhookId: 'other-hook' })).to.deep.equal(['e3']);
        expect(await ids({ profileNumber: PROFILE, webhookId: WEBHOOK })).to.deep.equal(['e4', 'e1']);
        expect(await ids({ limit: 2 })).to.deep.equal(['e4', 'e3']);
        expect(await ids({ profileNumber: '+10000000000' })).to.deep.equal([]);
      });
    });

    describe('feedback', () => {
      it('answers a replayed status as a duplicate and keeps the raw fields', async () => {
        const record = feedback({ status: 'delivered', code: 'DLV-0' });
        const first = await store.recordFeedback(record);
        expect(first.duplicate).to.equal(false);
        expect(first.delivery).to.deep.include({
          deliveryKey: 'msg-1',
          status: 'delivered',
          final: true,
          outboxId: null,
        });
        const again = await store.recordFeedback(record);
        expect(again).to.deep.equal({ duplicate: true, delivery: first.delivery });
        const listed = await store.listFeedback({ webhookId: WEBHOOK });
        expect(listed).to.have.length(1);
        expect(listed[0]).to.deep.equal({ ...record, delivery: first.delivery });
      });

      it('stores 20 concurrent identical statuses once', async () => {
        const record = feedback({ status: 'sent' });
        const results = await Promise.all(Array.from({ length: 20 }, () => store.recordFeedback(record)));
        expect(results.filter((result) => !result.duplicate)).to.have.length(1);
        expect(await store.listFeedback({})).to.have.length(1);
        expect(await store.delivery('msg-1')).to.deep.include({ status: 'sent', final: false });
      });

      it('never lets a final status regress, lets read follow delivered, and keeps a failure terminal', async () => {
        const apply = async (record: FeedbackRecord) => (await store.recordFeedback(record)).delivery.status;
        expect(await apply(feedback({ status: 'sent', at: '2024-05-01T11:00:00.000Z' }))).to.equal('sent');
        expect(await apply(feedback({ status: 'delivered', at: '2024-05-01T11:01:00.000Z' }))).to.equal('delivered');
        expect(await apply(feedback({ status: 'queued', at: '2024-05-01T11:02:00.000Z' }))).to.equal('delivered');
        expect(await apply(feedback({ status: 'failed', at: '2024-05-01T11:03:00.000Z' }))).to.equal('delivered');
        expect(await apply(feedback({ status: 'read', at: '2024-05-01T11:04:00.000Z' }))).to.equal('read');
        expect(await apply(feedback({ status: 'delivered', code: 2, at: '2024-05-01T11:05:00.000Z' }))).to.equal(
          'read',
        );
        expect(await store.delivery('msg-1')).to.deep.equal({
          deliveryKey: 'msg-1',
          status: 'read',
          final: true,
          updatedAt: '2024-05-01T11:04:00.000Z',
          outboxId: null,
        });

        expect(await apply(feedback({ messageId: 'msg-2', status: 'rejected' }))).to.equal('rejected');
        expect(await apply(feedback({ messageId: 'msg-2', status: 'delivered' }))).to.equal('rejected');
        expect(await store.listFeedback({ limit: 3 })).to.have.length(3);
      });

      it('links a status to the outbox entry its client reference names', async () => {
        const { stored } = await store.recordInbound(inbound({ requestId: 'r1' }), rule('opt-out'));
        const outboxId = stored.outboxId;
        if (outboxId === null) return expect.fail('no outbox entry');
        const record = feedback({ messageId: 'provider-9', clientReference: outboxId, status: 'delivered' });
        const result = await store.recordFeedback(record);
        expect(result.delivery).to.deep.include({ deliveryKey: outboxId, outboxId, status: 'delivered' });
        expect(await store.delivery(outboxId)).to.deep.equal(result.delivery);
        const unknownReference = feedback({ messageId: 'provider-10', clientReference: 'not-ours', status: 'sent' });
        expect((await store.recordFeedback(unknownReference)).delivery).to.deep.include({
          deliveryKey: 'provider-10',
          outboxId: null,
        });
      });
    });

    describe('outbound messages', () => {
      const at = (minutes: number) => new Date(Date.parse('2024-05-01T10:00:00.000Z') + minutes * 60_000).toISOString();
      const reply = async (requestId: string, minutes: number, options: Partial<InboundOptions> = {}) => {
        const record = { ...inbound({ requestId, ...options }), receivedAt: at(minutes) };
        const { stored } = await store.recordInbound(record, rule('opt-out'));
        if (stored.outboxId === null) throw new Error('no outbox entry');
        return stored.outboxId;
      };

      it('shows a sent reply with its reports oldest first, and the raw fields of the report that set its status', async () => {
        const id = await reply('m1', 0);
        const [leased] = await store.leaseOutbox('a', at(1), 60_000, 10);
        if (!leased) return expect.fail('nothing leased');
        await store.settleOutbox(id, leased.lease, { outcome: 'sent', providerMessageId: 'batch-1', at: at(1) });
        await store.recordFeedback(feedback({ messageId: 'batch-1', status: 'sent', code: 401, at: at(2) }));
        await store.recordFeedback(feedback({ messageId: 'batch-1', status: 'delivered', code: 0, at: at(3) }));
        // A late intermediate report: kept in the history, moves nothing.
        await store.recordFeedback(feedback({ messageId: 'batch-1', status: 'queued', code: 400, at: at(4) }));
        const report = (status: string, code: number, minutes: number, final: boolean) => ({
          at: at(minutes),
          webhookId: WEBHOOK,
          status,
          final,
          code,
          rawStatus: status.toUpperCase(),
          detail: null,
        });
        const expected = {
          id,
          webhookId: WEBHOOK,
          from: SENDER,
          to: PROFILE,
          createdAt: at(0),
          state: 'sent',
          attempts: 1,
          providerMessageId: 'batch-1',
          status: 'delivered',
          final: true,
          updatedAt: at(3),
          code: 0,
          rawStatus: 'DELIVERED',
          detail: null,
          history: [report('sent', 401, 2, false), report('delivered', 0, 3, true), report('queued', 400, 4, false)],
        };
        expect(await store.message(id)).to.deep.equal(expected);
        expect(await store.listMessages({})).to.deep.equal([expected]);
      });

      it('shows a queued reply without reports, and a delivery whose reports name no outbox entry', async () => {
        const id = await reply('m1', 0);
        await store.recordFeedback(feedback({ messageId: 'foreign-1', status: 'failed', code: 'E7', at: at(5) }));
        const foreign = await store.message('foreign-1');
        expect(foreign).to.deep.include({
          id: 'foreign-1',
          webhookId: WEBHOOK,
          from: null,
          to: PROFILE,
          createdAt: at(5),
          state: null,
          attempts: 0,
          providerMessageId: 'foreign-1',
          status: 'failed',
          final: true,
          code: 'E7',
          rawStatus: 'FAILED',
        });
        expect(foreign?.history.map((entry) => entry.status)).to.deep.equal(['failed']);
        expect(await store.message(id)).to.deep.include({
          state: 'pending',
          status: null,
          final: false,
          updatedAt: null,
          code: null,
          history: [],
        });
        expect(await store.message('nobody')).to.equal(null);
        expect((await store.listMessages({})).map((message) => message.id)).to.deep.equal(['foreign-1', id]);
      });

      it('lists newest first, pages after a cursor, and filters by webhook, recipient, time and status', async () => {
        const other = { senderNumber: SENDER, profileNumber: '+447700900999' };
        const a = await reply('a', 1);
        const b = await reply('b', 2, { key: other });
        const c = await reply('c', 3, { webhookId: 'other-sms' });
        await store.recordFeedback(feedback({ messageId: null, clientReference: b, status: 'delivered', at: at(4) }));
        await store.recordFeedback(feedback({ messageId: 'foreign-2', status: 'sent', at: at(2) }));
        const ids = async (query: Parameters<Store['listMessages']>[0]) =>
          (await store.listMessages(query)).map((message) => message.id);
        expect(await ids({})).to.deep.equal([c, b, 'foreign-2', a]);
        const [, second] = await store.listMessages({ limit: 2 });
        if (!second) return expect.fail('no second message');
        expect(await ids({ limit: 2, before: second })).to.deep.equal(['foreign-2', a]);
        expect(await ids({ webhookId: 'other-sms' })).to.deep.equal([c]);
        expect(await ids({ to: other.profileNumber })).to.deep.equal([b]);
        expect(await ids({ since: '2024-05-01T10:02:00Z' })).to.deep.equal([c, b, 'foreign-2']);
        expect(await ids({ status: 'delivered' })).to.deep.equal([b]);
        expect(await ids({ status: 'sent', webhookId: WEBHOOK })).to.deep.equal(['foreign-2']);
        expect(await ids({ limit: 1 })).to.deep.equal([c]);
      });
    });

    describe('outbox leases', () => {
      const at = (minutes: number) => new Date(Date.parse('2024-05-01T10:00:01.000Z') + minutes * 60_000).toISOString();
      const queue = async (requestIds: string[]) => {
        for (const requestId of requestIds) {
          const key = {
            senderNumber: SENDER,
            profileNumber: `+4477009${requestIds.indexOf(requestId).toString().padStart(5, '0')}`,
          };
          await store.recordInbound(inbound({ requestId, key }), rule('opt-out'));
        }
        return requestIds.map((requestId) => eventIdOf(WEBHOOK, requestId));
      };

      it('leases due entries oldest first, recording the attempt before the send, and never the same entry twice', async () => {
        const ids = await queue(['l1', 'l2', 'l3']);
        const first = await store.leaseOutbox('dispatcher-a', at(1), 60_000, 2);
        expect(first.map((entry) => entry.id)).to.deep.equal(ids.slice(0, 2));
        expect(first[0]).to.deep.include({
          state: 'sending',
          attempts: 1,
          lastAttemptAt: at(1),
          nextAttemptAt: at(2),
          inDoubt: false,
          lease: { owner: 'dispatcher-a', attempt: 1 },
        });
        const second = await store.leaseOutbox('dispatcher-b', at(1), 60_000, 10);
        expect(second.map((entry) => entry.id)).to.deep.equal([ids[2]]);
        expect(await store.leaseOutbox('dispatcher-b', at(1), 60_000, 10)).to.deep.equal([]);
        expect((await store.outbox({ state: 'sending' })).map((entry) => [entry.id, entry.attempts])).to.deep.equal(
          ids.map((id) => [id, 1]),
        );
      });

      it('queues no reply for a consent keyword older than the last change (it would contradict the consent)', async () => {
        const yes = inbound({ requestId: 'late-yes', text: 'YES', eventTime: '2024-05-01T10:00:05.000Z' });
        await store.recordInbound(yes, rule('opt-in'));
        const lateStop = await store.recordInbound(inbound({ requestId: 'late-stop' }), rule('opt-out'));
        expect(lateStop.stored).to.deep.include({ consentChanged: false, outboxId: null });
        expect(lateStop.stored.consentReason).to.match(/older than the last change/);
        // A keyword at the very time of the last change, or one that changes nothing because the state holds, still gets its reply.
        const again = await store.recordInbound(
          inbound({ requestId: 'yes-again', text: 'YES', eventTime: '2024-05-01T10:00:05.000Z' }),
          rule('opt-in'),
        );
        expect(again.stored.outboxId).to.equal(eventIdOf(WEBHOOK, 'yes-again'));
        expect((await store.outbox({})).map((entry) => entry.requestId)).to.deep.equal(['late-yes', 'yes-again']);
        expect(await store.consent(KEY)).to.deep.include({ state: 'opted-in', version: 1 });
      });

      it("reads the current consent of an event's key (the dispatcher checks a consent reply against it)", async () => {
        await store.recordInbound(inbound({ requestId: 'k-stop' }), rule('opt-out'));
        await store.recordInbound(
          inbound({ requestId: 'k-yes', text: 'YES', eventTime: '2024-05-01T10:00:05.000Z' }),
          rule('opt-in'),
        );
        expect(await store.consentOfEvent(WEBHOOK, 'k-stop')).to.deep.include({ state: 'opted-in', version: 2 });
        expect(await store.consentOfEvent(WEBHOOK, 'nothing')).to.equal(null);
        await store.recordInbound(inbound({ requestId: 'k-none', key: null }), rule('opt-out'));
        expect(await store.consentOfEvent(WEBHOOK, 'k-none')).to.equal(null);
      });

      it('counts the entries in each state (the metrics gauge)', async () => {
        expect(await store.outboxCounts()).to.deep.equal({});
        const [id] = await queue(['c1', 'c2', 'c3']);
        const [leased] = await store.leaseOutbox('dispatcher-a', at(1), 60_000, 1);
        expect(leased?.id).to.equal(id);
        expect(await store.outboxCounts()).to.deep.equal({ pending: 2, sending: 1 });
        await store.settleOutbox(id!, leased!.lease, { outcome: 'sent', providerMessageId: 'p1', at: at(1) });
        expect(await store.outboxCounts()).to.deep.equal({ pending: 2, sent: 1 });
      });

      it('settles sent with the provider message id, so a delivery report by that id lands on the entry', async () => {
        const [id] = await queue(['s1']);
        const [leased] = await store.leaseOutbox('a', at(1), 60_000, 10);
        if (!leased || !id) return expect.fail('nothing leased');
        expect(
          await store.settleOutbox(id, leased.lease, { outcome: 'sent', providerMessageId: 'batch-77', at: at(1.5) }),
        ).to.equal(true);
        expect(await store.settleOutbox(id, leased.lease, { outcome: 'failed', reason: 'late', at: at(1.6) })).to.equal(
          false,
        );
        const [sent] = await store.outbox({ state: 'sent' });
        expect(sent).to.deep.include({
          id,
          state: 'sent',
          providerMessageId: 'batch-77',
          sentAt: at(1.5),
          nextAttemptAt: null,
          attempts: 1,
        });
        expect(await store.leaseOutbox('a', at(100), 60_000, 10)).to.deep.equal([]);
        const report = feedback({ messageId: 'batch-77', clientReference: null, status: 'delivered' });
        expect((await store.recordFeedback(report)).delivery).to.deep.include({
          deliveryKey: id,
          outboxId: id,
          status: 'delivered',
        });
      });

      it('retries at the given time, then gives the entry back with the next attempt number', async () => {
        const [id] = await queue(['r1']);
        if (!id) return expect.fail('nothing queued');
        const [first] = await store.leaseOutbox('a', at(1), 60_000, 10);
        if (!first) return expect.fail('nothing leased');
        expect(
          await store.settleOutbox(id, first.lease, {
            outcome: 'retry',
            reason: 'HTTP 500',
            nextAttemptAt: at(5),
            inDoubt: false,
            at: at(1.1),
          }),
        ).to.equal(true);
        const [pending] = await store.outbox({ state: 'pending' });
        expect(pending).to.deep.include({
          id,
          attempts: 1,
          nextAttemptAt: at(5),
          lastError: 'HTTP 500',
          inDoubt: false,
        });
        expect(await store.leaseOutbox('a', at(4), 60_000, 10)).to.deep.equal([]);
        const [second] = await store.leaseOutbox('b', at(5), 60_000, 10);
        expect(second).to.deep.include({
          id,
          attempts: 2,
          lease: { owner: 'b', attempt: 2 },
          inDoubt: false,
          lastError: 'HTTP 500',
        });
        if (!second) return;
        expect(
          await store.settleOutbox(id, second.lease, {
            outcome: 'failed',
            reason: 'gave up after 2 attempts: HTTP 500',
            at: at(5.1),
          }),
        ).to.equal(true);
        expect((await store.outbox({ state: 'failed' }))[0]).to.deep.include({
          id,
          lastError: 'gave up after 2 attempts: HTTP 500',
          nextAttemptAt: null,
        });
        expect(await store.leaseOutbox('a', at(1000), 60_000, 10)).to.deep.equal([]);
      });

      it('gives an entry whose lease expired while sending back in doubt, and refuses the old holder from then on', async () => {
        const [id] = await queue(['d1']);
        if (!id) return expect.fail('nothing queued');
        const [lost] = await store.leaseOutbox('crashed', at(1), 60_000, 10);
        if (!lost) return expect.fail('nothing leased');
        expect(await store.leaseOutbox('b', at(1.9), 60_000, 10)).to.deep.equal([]);
        const [again] = await store.leaseOutbox('b', at(2), 60_000, 10);
        expect(again).to.deep.include({ id, attempts: 2, inDoubt: true, lease: { owner: 'b', attempt: 2 } });
        if (!again) return;
        expect(
          await store.settleOutbox(id, lost.lease, { outcome: 'sent', providerMessageId: 'x', at: at(2.1) }),
        ).to.equal(false);
        // A retry keeps the doubt when asked to, so the next attempt asks the vendor again.
        expect(
          await store.settleOutbox(id, again.lease, {
            outcome: 'retry',
            reason: 'lookup failed',
            nextAttemptAt: at(3),
            inDoubt: true,
            at: at(2.2),
          }),
        ).to.equal(true);
        const [third] = await store.leaseOutbox('b', at(3), 60_000, 10);
        expect(third).to.deep.include({ attempts: 3, inDoubt: true });
        if (!third) return;
        expect(
          await store.settleOutbox(id, third.lease, { outcome: 'suppressed', reason: 'rate limited', at: at(3.1) }),
        ).to.equal(true);
        expect((await store.outbox({ state: 'suppressed' }))[0]).to.deep.include({
          id,
          lastError: 'rate limited',
          inDoubt: false,
        });
      });

      it('lets two stores on one database lease 30 entries concurrently without ever leasing one twice', async () => {
        const ids = await queue(Array.from({ length: 30 }, (_, index) => `c${index}`));
        const other = await open();
        const leasedBy = await Promise.all(
          Array.from({ length: 8 }, (_, index) =>
            (index % 2 === 0 ? store : other).leaseOutbox(`owner-${index}`, at(1), 60_000, 5),
          ),
        );
        const leased = leasedBy.flat().map((entry) => entry.id);
        expect(new Set(leased).size).to.equal(leased.length);
        const rest = [
          ...(await store.leaseOutbox('late', at(1), 60_000, 100)),
          ...(await other.leaseOutbox('late', at(1), 60_000, 100)),
        ];
        expect([...leased, ...rest.map((entry) => entry.id)].sort()).to.deep.equal([...ids].sort());
        expect((await store.outbox({ limit: 100 })).every((entry) => entry.attempts === 1)).to.equal(true);
      });

      it('gives the reply guard recent inbound times and replies of a number, leaving out the entry decided', async () => {
        const send = async (requestId: string, receivedAt: string, settle: 'sent' | 'sending' | 'failed' | null) => {
          const record = { ...inbound({ requestId }), receivedAt };
          await store.recordInbound(record, rule(null));
          const id = eventIdOf(WEBHOOK, requestId);
          if (settle === null) return id;
          const [leased] = await store.leaseOutbox('a', receivedAt, 60_000, 1);
          if (!leased) throw new Error('nothing leased');
          if (settle === 'sent')
            await store.settleOutbox(id, leased.lease, {
              outcome: 'sent',
              providerMessageId: `p-${requestId}`,
              at: receivedAt,
            });
          if (settle === 'failed')
            await store.settleOutbox(id, leased.lease, { outcome: 'failed', reason: 'x', at: receivedAt });
          return id;
        };
        await send('old', '2024-04-01T10:00:00.000Z', 'sent');
        await send('h1', '2024-05-01T10:00:00.000Z', 'sent');
        await send('h2', '2024-05-01T10:01:00.000Z', 'failed');
        await send('h3', '2024-05-01T10:02:00.000Z', 'sending');
        const current = await send('h4', '2024-05-01T10:03:00.000Z', null);
        const history = await store.replyHistory({
          webhookId: WEBHOOK,
          requestId: 'h4',
          to: PROFILE,
          since: '2024-04-30T10:03:00.000Z',
          excludeOutboxId: current,
        });
        expect(history.inboundText).to.equal('STOP');
        expect(history.inboundAt).to.deep.equal([
          '2024-05-01T10:02:00.000Z',
          '2024-05-01T10:01:00.000Z',
          '2024-05-01T10:00:00.000Z',
        ]);
        expect(history.replies).to.deep.equal([
          {
            from: SENDER,
            text: 'You sent STOP',
            category: 'opt-out',
            at: '2024-05-01T10:02:00.000Z',
            queuedAt: '2024-05-01T10:02:00.000Z',
            state: 'sending',
          },
          {
            from: SENDER,
            text: 'You sent STOP',
            category: 'opt-out',
            at: '2024-05-01T10:00:00.000Z',
            queuedAt: '2024-05-01T10:00:00.000Z',
            state: 'sent',
          },
        ]);
        expect(
          await store.replyHistory({
            webhookId: 'other-hook',
            requestId: 'h4',
            to: PROFILE,
            since: '2024-01-01T00:00:00Z',
            excludeOutboxId: current,
          }),
        ).to.deep.include({ inboundAt: [], inboundText: '' });
      });
    });

    describe('consent export and audiences', () => {
      it('exports every consent once, in key order, page by page after the last key, and since a time', async () => {
        const profiles = ['+33612345678', '+447700900123', '+12025550100'];
        for (const [index, profileNumber] of profiles.entries()) {
          for (const senderNumber of [SENDER, '*']) {
            const eventTime = `2024-05-0${index + 1}T10:00:00.000Z`;
            await store.recordInbound(
              inbound({
                requestId: `${profileNumber}-${senderNumber}`,
                key: { senderNumber, profileNumber },
                eventTime,
              }),
              rule('opt-out'),
            );
          }
        }
        // A second change of one consent: exported once, at its latest version.
        const later = '2024-05-09T10:00:00.000Z';
        await store.recordInbound(inbound({ requestId: 'again', text: 'START', eventTime: later }), rule('opt-in'));
        const all = await store.exportConsents({});
        const keys = all.map((consent) => [consent.key.profileNumber, consent.key.senderNumber]);
        expect(keys).to.deep.equal([...keys].sort((a, b) => (a.join(' ') < b.join(' ') ? -1 : 1)));
        expect(all).to.have.length(6);
        expect(
          all.find((consent) => consent.key.profileNumber === PROFILE && consent.key.senderNumber === SENDER),
        ).to.deep.equal({
          key: KEY,
          state: 'opted-in',
          changedAt: later,
          version: 2,
        });
        const pages: string[][] = [];
        let after: ConsentKey | undefined;
        for (;;) {
          const page = await store.exportConsents({ limit: 4, ...(after ? { after } : {}) });
          if (page.length === 0) break;
          if (pages.length === all.length) expect.fail(`paging does not advance: ${JSON.stringify(pages)}`); // more pages than consents
          pages.push(page.map((consent) => `${consent.key.profileNumber} ${consent.key.senderNumber}`));
          after = page.at(-1)?.key;
        }
        expect(pages.map((page) => page.length)).to.deep.equal([4, 2]);
        expect(pages.flat()).to.deep.equal(
          all.map((consent) => `${consent.key.profileNumber} ${consent.key.senderNumber}`),
        );
        const recent = await store.exportConsents({ since: '2024-05-02T10:00:00Z' });
        expect(recent.map((consent) => consent.changedAt).sort()).to.deep.equal([
          '2024-05-02T10:00:00.000Z',
          '2024-05-03T10:00:00.000Z',
          '2024-05-03T10:00:00.000Z',
          later,
        ]);
      });

      it('lists who sent the custom keyword since a date, per webhook, with first and last time and count', async () => {
        const custom = (
          requestId: string,
          profileNumber: string,
          eventTime: string,
          webhookId = WEBHOOK,
        ): InboundRecord => ({
          ...inbound({ requestId, key: { senderNumber: SENDER, profileNumber }, eventTime, webhookId, text: 'PROMO' }),
          category: 'custom',
          customKeyword: true,
        });
        const records = [
          custom('c1', PROFILE, '2024-05-01T10:00:00.000Z'),
          custom('c2', PROFILE, '2024-05-03T10:00:00.000Z'),
          custom('c3', PROFILE, '2024-05-02T10:00:00.000Z'),
          custom('c4', '+33612345678', '2024-04-01T10:00:00.000Z'),
          custom('c5', '+12025550100', '2024-05-05T10:00:00.000Z', 'other-hook'),
          inbound({
            requestId: 'not-custom',
            key: { senderNumber: SENDER, profileNumber: '+19995550000' },
            eventTime: '2024-05-05T10:00:00.000Z',
          }),
        ];
        for (const record of records) await store.recordInbound(record, rule(null));
        expect(await store.audience({ since: '2024-05-01T00:00:00Z' })).to.deep.equal([
          {
            profileNumber: '+12025550100',
            firstAt: '2024-05-05T10:00:00.000Z',
            lastAt: '2024-05-05T10:00:00.000Z',
            count: 1,
          },
          { profileNumber: PROFILE, firstAt: '2024-05-01T10:00:00.000Z', lastAt: '2024-05-03T10:00:00.000Z', count: 3 },
        ]);
        expect(await store.audience({ since: '2024-05-02T00:00:00Z', webhookId: WEBHOOK })).to.deep.equal([
          { profileNumber: PROFILE, firstAt: '2024-05-02T10:00:00.000Z', lastAt: '2024-05-03T10:00:00.000Z', count: 2 },
        ]);
        expect(await store.audience({ since: '2024-06-01T00:00:00Z' })).to.deep.equal([]);
      });
    });

    describe('consent replay (optline consent rekey)', () => {
      const OTHER: ConsentKey = { senderNumber: '+12025550143', profileNumber: PROFILE };
      const optOut = (eventTime: string) =>
        transition(NO_CONSENT, { effect: 'opt-out', eventTime, doubleOptInExpiresAfterDays: 30 });

      it('moves an event and its change to another key, and sets each key from the events left under it', async () => {
        const at = '2024-05-01T10:00:00.000Z';
        await store.recordInbound(inbound({ requestId: 'to-b', eventTime: at }), rule('opt-out'));
        await store.replayConsent([
          { key: OTHER, expectedVersion: 0, events: [{ webhookId: WEBHOOK, requestId: 'to-b', change: optOut(at) }] },
          { key: KEY, expectedVersion: 1, events: [] },
        ]);
        expect(await store.consent(KEY)).to.deep.equal(NO_CONSENT);
        expect(await store.consent(OTHER)).to.deep.equal({ state: 'opted-out', changedAt: at, version: 1 });
        const views = await store.consentOf(PROFILE);
        expect(views.map((view) => view.key)).to.deep.equal([OTHER]);
        expect(views[0]?.history.map((event) => [event.requestId, event.consentKey])).to.deep.equal([['to-b', OTHER]]);
        const [event] = await store.listEvents({ profileNumber: PROFILE });
        expect(event).to.deep.include({ consentKey: OTHER, consentChanged: true, consentAfter: optOut(at).after });
        expect((await store.exportConsents({})).map((consent) => consent.key)).to.deep.equal([OTHER]);
        // A new event on the key it moved to continues its history.
        await store.recordInbound(
          inbound({ requestId: 'start-b', key: OTHER, text: 'START', eventTime: '2024-05-02T10:00:00.000Z' }),
          rule('opt-in'),
        );
        expect(await store.consent(OTHER)).to.deep.include({ state: 'opted-in', version: 2 });
      });

      it('refuses a replay planned on a version that has moved since, and changes nothing', async () => {
        const at = '2024-05-01T10:00:00.000Z';
        await store.recordInbound(inbound({ requestId: 'to-b', eventTime: at }), rule('opt-out'));
        let refused: unknown = null;
        try {
          await store.replayConsent([
            { key: KEY, expectedVersion: 0, events: [] },
            { key: OTHER, expectedVersion: 0, events: [{ webhookId: WEBHOOK, requestId: 'to-b', change: optOut(at) }] },
          ]);
        } catch (error) {
          refused = error;
        }
        expect(refused).to.be.instanceOf(ConsentMovedError);
        expect(await store.consent(KEY)).to.deep.include({ state: 'opted-out', version: 1 });
        expect(await store.consent(OTHER)).to.deep.equal(NO_CONSENT);
        expect((await store.listEvents({ profileNumber: PROFILE }))[0]?.consentKey).to.deep.equal(KEY);
      });
    });

    describe('webhook secrets and nonces', () => {
      it('creates a webhook secret once and keeps it across reopen', async () => {
        let generated = 0;
        const generate = () => `secret-${++generated}`;
        const [first, concurrent] = await Promise.all([
          store.webhookSecret(WEBHOOK, generate),
          store.webhookSecret(WEBHOOK, generate),
        ]);
        expect(first).to.equal(concurrent);
        expect(await store.webhookSecret(WEBHOOK, generate)).to.equal(first);
        expect(await store.webhookSecret('other-hook', generate)).to.not.equal(first);
        await store.close();
        const reopened = await open();
        expect(await reopened.webhookSecret(WEBHOOK, () => 'never used')).to.equal(first);
      });

      it('remembers a nonce per webhook until it expires', async () => {
        const later = new Date(Date.now() + 300_000).toISOString();
        expect(await store.rememberNonce(WEBHOOK, 'n1', later)).to.equal(true);
        expect(await store.rememberNonce(WEBHOOK, 'n1', later)).to.equal(false);
        expect(await store.rememberNonce('other-hook', 'n1', later)).to.equal(true);
        const concurrent = await Promise.all(
          Array.from({ length: 10 }, () => store.rememberNonce(WEBHOOK, 'n2', later)),
        );
        expect(concurrent.filter(Boolean)).to.have.length(1);
        const past = new Date(Date.now() - 1000).toISOString();
        expect(await store.rememberNonce(WEBHOOK, 'old', past)).to.equal(true);
        expect(await store.rememberNonce(WEBHOOK, 'old', later)).to.equal(true);
        expect(await store.rememberNonce(WEBHOOK, 'old', later)).to.equal(false);
      });
    });

    describe('subscription confirmations', () => {
      const confirmation = (messageId: string, webhookId = WEBHOOK): SubscriptionConfirmationRecord => ({
        webhookId,
        messageType: 'SubscriptionConfirmation',
        messageId,
        topicArn: 'arn:aws:sns:eu-west-1:123456789012:acme',
        subscribeUrl: `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=t-${messageId}`,
        receivedAt: '2024-05-01T10:00:00.000Z',
        outcome: 'pending',
        reason: null,
      });

      it('appends every subscription message of a webhook, lists them newest first and keeps them across reopen', async () => {
        await store.recordSubscriptionConfirmation(confirmation('m1'));
        await store.recordSubscriptionConfirmation({
          ...confirmation('m1'),
          outcome: 'failed',
          reason: 'answered 403',
        });
        await store.recordSubscriptionConfirmation(confirmation('m2'));
        await store.recordSubscriptionConfirmation(confirmation('elsewhere', 'other-hook'));
        const expected = [
          confirmation('m2'),
          { ...confirmation('m1'), outcome: 'failed', reason: 'answered 403' },
          confirmation('m1'),
        ];
        expect(await store.subscriptionConfirmations(WEBHOOK)).to.deep.equal(expected);
        expect(await store.subscriptionConfirmations(WEBHOOK, 1)).to.deep.equal(expected.slice(0, 1));
        expect(await store.subscriptionConfirmations('nobody')).to.deep.equal([]);
        expect(await store.listEvents({})).to.deep.equal([]);
        await store.close();
        const reopened = await open();
        expect(await reopened.subscriptionConfirmations(WEBHOOK)).to.deep.equal(expected);
      });
    });

    describe('daily report', () => {
      const on = (day: string, record: InboundRecord): InboundRecord => ({
        ...record,
        receivedAt: `${day}T23:59:59.000Z`,
      });
      const other: ConsentKey = { senderNumber: SENDER, profileNumber: '+447700900999' };

      it('counts events by category, consent changes and replies by state, per day and webhook', async () => {
        const day1 = '2024-05-01';
        await store.recordInbound(on(day1, inbound({ requestId: 'stop-1' })), rule('opt-out'));
        await store.recordInbound(on(day1, inbound({ requestId: 'stop-2' })), rule('opt-out')); // already out
        await store.recordInbound(
          on(day1, { ...inbound({ requestId: 'promo', key: other, text: 'PROMO' }), category: 'custom' }),
          rule(null),
        );
        await store.recordInbound(
          on(day1, { ...inbound({ requestId: 'bin', key: other, reply: false }), category: null, binary: true }),
          rule(null),
        );
        await store.recordInbound(
          on('2024-05-02', { ...inbound({ requestId: 'start', key: other, webhookId: 'b-hook' }), category: 'opt-in' }),
          rule('opt-in'),
        );
        await store.recordInbound(on('2024-04-30', inbound({ requestId: 'before' })), rule('opt-out'));
        // Replies: stop-1 sent, stop-2 failed, promo and start pending.
        const leased = await store.leaseOutbox('report', '2024-05-03T00:00:00.000Z', 60_000, 10);
        const leaseOf = (requestId: string) => leased.find((entry) => entry.requestId === requestId)!;
        await store.settleOutbox(leaseOf('stop-1').id, leaseOf('stop-1').lease, {
          outcome: 'sent',
          providerMessageId: 'p-1',
          at: '2024-05-03T00:00:01.000Z',
        });
        await store.settleOutbox(leaseOf('stop-2').id, leaseOf('stop-2').lease, {
          outcome: 'failed',
          reason: 'rejected',
          at: '2024-05-03T00:00:01.000Z',
        });
        for (const id of ['promo', 'start', 'before']) {
          await store.settleOutbox(leaseOf(id).id, leaseOf(id).lease, {
            outcome: 'retry',
            at: '2024-05-03T00:00:01.000Z',
            nextAttemptAt: '2024-05-03T00:01:00.000Z',
            reason: 'timeout',
            inDoubt: false,
          });
        }
        const report = await store.dailyReport({ since: day1, until: '2024-05-02' });
        expect(report).to.deep.equal([
          {
            date: day1,
            webhookId: WEBHOOK,
            inbound: { 'opt-out': 2, custom: 1, unclassified: 1 },
            optOuts: 1,
            optIns: 0,
            replies: { delivered: 1, failed: 1, pending: 1 },
          },
          {
            date: '2024-05-02',
            webhookId: 'b-hook',
            inbound: { 'opt-in': 1 },
            optOuts: 0,
            optIns: 1,
            replies: { delivered: 0, failed: 0, pending: 1 },
          },
        ]);
        expect(await store.dailyReport({ since: day1, until: '2024-05-02', webhookId: 'b-hook' })).to.deep.equal(
          report.slice(1),
        );
        expect(await store.dailyReport({ since: '2024-06-01', until: '2024-06-30' })).to.deep.equal([]);
      });
    });

    describe('durability and availability', () => {
      it('keeps everything it acknowledged across close and reopen', async () => {
        await store.recordInbound(inbound({ requestId: 'join', text: 'JOIN' }), rule('double-opt-in'));
        const record = feedback({ status: 'delivered' });
        await store.recordFeedback(record);
        await store.close();
        const reopened = await open();
        expect(await reopened.consent(KEY)).to.deep.include({ state: 'pending', version: 1 });
        expect(await reopened.listEvents({})).to.have.length(1);
        expect(await reopened.outbox({ state: 'pending' })).to.have.length(1);
        expect((await reopened.delivery('msg-1'))?.status).to.equal('delivered');
        const replay = await reopened.recordInbound(
          inbound({ requestId: 'join', text: 'JOIN' }),
          rule('double-opt-in'),
        );
        expect(replay.duplicate).to.equal(true);
      });

      it('reports StoreUnavailableError once closed', async () => {
        await store.close();
        await expectUnavailable(store.recordInbound(inbound({ requestId: 'late' }), rule('opt-out')));
        await expectUnavailable(store.consent(KEY));
        await expectUnavailable(store.ping());
      });

      it('reports StoreUnavailableError while the backend cannot write, and stores the retried callback once when it is back', async function () {
        const blockWrites = harness.blockWrites;
        if (!blockWrites) return this.skip();
        await store.ping();
        const record = inbound({ requestId: 'during-outage' });
        const optOut = rule('opt-out');
        const unblock = await blockWrites();
        try {
          await expectUnavailable(store.recordInbound(record, optOut));
          await expectUnavailable(store.ping());
        } finally {
          await unblock();
        }
        await eventually(() => store.ping(), 15_000);
        const retried = await store.recordInbound(record, optOut);
        expect(retried.stored.consentAfter).to.deep.include({ state: 'opted-out', version: 1 });
        expect((await store.recordInbound(record, optOut)).duplicate).to.equal(true);
        expect(await store.listEvents({})).to.have.length(1);
        expect(await store.outbox({})).to.have.length(1);
        expect(await store.consent(KEY)).to.deep.include({ version: 1 });
      });
    });

    describe('consent chain (tamper evidence)', () => {
      const at = (day: number) => `2024-05-${String(day).padStart(2, '0')}T10:00:00.000Z`;
      const recordChanges = async (count: number) => {
        for (let index = 0; index < count; index += 1) {
          const optOut = index % 2 === 0;
          await store.recordInbound(
            inbound({ requestId: `c${index + 1}`, text: optOut ? 'STOP' : 'YES', eventTime: at(index + 1) }),
            rule(optOut ? 'opt-out' : 'opt-in'),
          );
        }
      };

      it('links concurrent conflicting STOP and YES of one person, from two stores at once, into one linear chain', async () => {
        const other = await open();
        // Waves of four posts at once, two from each store: whatever the state, one kind of post changes it, so
        // every wave takes at least one version, with two writers racing for it.
        for (let wave = 0; wave < 10; wave += 1) {
          await Promise.all(
            [store, other, store, other].map((via, index) =>
              via.recordInbound(
                inbound({ requestId: `race-${wave}-${index}`, text: index < 2 ? 'STOP' : 'YES' }),
                rule(index < 2 ? 'opt-out' : 'opt-in'),
              ),
            ),
          );
        }
        const [chain] = await store.consentChains([KEY]);
        if (!chain) return expect.fail('no chain');
        const { version } = await store.consent(KEY);
        expect(version).to.be.at.least(10);
        expect(chain.links.map((link) => link.content.version)).to.deep.equal(
          Array.from({ length: version }, (_, index) => index + 1),
        );
        chain.links.forEach((link, index) => {
          expect(link.hash).to.match(/^[0-9a-f]{64}$/);
          expect(link.previousHash).to.equal(index === 0 ? null : chain.links[index - 1]?.hash);
        });
        expect(new Set(chain.links.map((link) => link.hash)).size).to.equal(version);
        expect(verifyChain(chain)).to.deep.include({ verified: version, legacy: 0, broken: null });
      });

      it('hashes the documented serialisation: previous hash, key, version, event, body hash, rule, decision, reviewer', async () => {
        const first = inbound({ requestId: 'r1', eventTime: at(1) });
        await store.recordInbound(first, rule('opt-out'));
        const second = { ...inbound({ requestId: 'r2', text: 'START', eventTime: at(2) }), reviewer: 'alice' };
        await store.recordInbound(second, rule('opt-in'));
        const [chain] = await store.consentChains([KEY]);
        // As rules/README.md tells a reviewer to recompute it: SHA-256 of the JSON array's UTF-8 bytes.
        const recompute = (previous: string | null, record: InboundRecord, version: number, from: string, to: string) =>
          createHash('sha256')
            .update(
              JSON.stringify([
                'optline-consent-change/1',
                previous,
                SENDER,
                PROFILE,
                version,
                eventIdOf(WEBHOOK, record.requestId),
                record.rawBodyHash,
                'acme',
                '3',
                'sha256:abc',
                record.category,
                record.keyword,
                from,
                to,
                record.eventTime,
                version === 1 ? 'opt-out wins from any state' : 'opt-in keyword',
                record.reviewer ?? null,
              ]),
            )
            .digest('hex');
        const firstHash = recompute(null, first, 1, 'none', 'opted-out');
        expect(chain?.links.map((link) => link.hash)).to.deep.equal([
          firstHash,
          recompute(firstHash, second, 2, 'opted-out', 'opted-in'),
        ]);
        expect(chain?.links[1]?.content).to.deep.include({ reviewer: 'alice', rawBodyHash: second.rawBodyHash });
      });

      it('passes `optline ledger verify`, then exits 1 naming a change altered in the database', async () => {
        await recordChanges(3);
        const intact = await optline(['ledger', 'verify'], '', harness.cliEnv);
        expect(intact.stdout).to.contain('1 chain(s): 3 change(s) verified, 0 legacy');
        expect(intact.status).to.equal(0);
        await harness.alterConsentChange(KEY, 2, 'content');
        const altered = await optline(['ledger', 'verify'], '', harness.cliEnv);
        expect(altered.status).to.equal(1);
        expect(altered.stdout).to.contain(
          `version 2 (event ${eventIdOf(WEBHOOK, 'c2')}) does not match its hash: its stored content was altered`,
        );
        expect(altered.stdout).to.contain('+4477******23').and.not.contain(PROFILE);
        expect(altered.stdout).to.contain('1 broken');
        // Since after the altered change: only the newer change is recomputed, and it still links.
        const since = await optline(['ledger', 'verify', '--since', at(3)], '', harness.cliEnv);
        expect(since.stdout).to.contain('1 change(s) verified, 0 legacy (stored before chains, unhashed), 2 older');
        expect(since.status).to.equal(0);
      });

      it('starts a chain at the first hashed change after legacy ones, and refuses an unhashed change inside it', async () => {
        await recordChanges(2);
        await harness.alterConsentChange(KEY, 1, 'unhash');
        await harness.alterConsentChange(KEY, 2, 'unhash');
        await store.recordInbound(inbound({ requestId: 'c3', eventTime: at(3) }), rule('opt-out'));
        await store.recordInbound(inbound({ requestId: 'c4', text: 'YES', eventTime: at(4) }), rule('opt-in'));
        const [chain] = await store.consentChains([KEY]);
        if (!chain) return expect.fail('no chain');
        expect(chain.links[2]?.previousHash).to.equal(null);
        expect(verifyChain(chain)).to.deep.include({ legacy: 2, verified: 2, broken: null });
        await harness.alterConsentChange(KEY, 4, 'unhash');
        const [altered] = await store.consentChains([KEY]);
        if (!altered) return expect.fail('no chain');
        expect(verifyChain(altered).broken).to.deep.include({
          version: 4,
          problem: 'has no hash, after the chain started',
        });
      });

      it('links a rekeyed key again over the events moved under it', async () => {
        const OTHER: ConsentKey = { senderNumber: '+12025550143', profileNumber: PROFILE };
        await store.recordInbound(inbound({ requestId: 'to-b', eventTime: at(1) }), rule('opt-out'));
        const change = transition(NO_CONSENT, { effect: 'opt-out', eventTime: at(1), doubleOptInExpiresAfterDays: 30 });
        await store.replayConsent([
          { key: OTHER, expectedVersion: 0, events: [{ webhookId: WEBHOOK, requestId: 'to-b', change }] },
          { key: KEY, expectedVersion: 1, events: [] },
        ]);
        await store.recordInbound(
          inbound({ requestId: 'start-b', key: OTHER, text: 'START', eventTime: at(2) }),
          rule('opt-in'),
        );
        const [chain] = await store.consentChains([OTHER]);
        if (!chain) return expect.fail('no chain');
        expect(chain.links.map((link) => link.content.senderNumber)).to.deep.equal([
          OTHER.senderNumber,
          OTHER.senderNumber,
        ]);
        expect(verifyChain(chain)).to.deep.include({ verified: 2, broken: null });
      });

      it('keeps the first rule file text recorded under a content hash', async () => {
        await store.recordRuleContent('hash-1', '{"id":"acme"}');
        await store.recordRuleContent('hash-1', 'something else');
        expect(await store.ruleContent('hash-1')).to.equal('{"id":"acme"}');
        expect(await store.ruleContent('hash-2')).to.equal(null);
      });
    });

    describe('callback bodies', () => {
      it('stores a body once however often it is recorded, and reads it back by id as received', async () => {
        const text = '{"results":[{"from":"447700900123","text":"STOP"},{"from":"447700900124","text":"Ünïcødé 👋"}]}';
        const body = { id: bodyIdOf(text), text, receivedAt: '2024-05-01T10:00:01.000Z' };
        await store.recordBody(body);
        await Promise.all([store.recordBody(body), store.recordBody(body)]);
        for (const requestId of ['b1', 'b2'])
          await store.recordInbound({ ...inbound({ requestId }), bodyId: body.id }, rule(null));
        expect(await store.rawBody(body.id)).to.equal(text);
        expect(await store.rawBody(bodyIdOf('{}'))).to.equal(null);
        const events = await store.listEvents({});
        expect(events.map((event) => event.bodyId)).to.deep.equal([body.id, body.id]);
        expect(events[0]).not.to.have.property('rawBody');
      });

      it('pages events newest first after the last event of the previous page', async () => {
        for (const requestId of ['p1', 'p2', 'p3', 'p4', 'p5'])
          await store.recordInbound(inbound({ requestId }), rule(null));
        const first = await store.listEvents({ limit: 2 });
        expect(first.map((event) => event.requestId)).to.deep.equal(['p5', 'p4']);
        const second = await store.listEvents({ limit: 2, before: { webhookId: WEBHOOK, requestId: 'p4' } });
        expect(second.map((event) => event.requestId)).to.deep.equal(['p3', 'p2']);
        const last = await store.listEvents({ limit: 2, before: { webhookId: WEBHOOK, requestId: 'p2' } });
        expect(last.map((event) => event.requestId)).to.deep.equal(['p1']);
        const ofProfile = await store.listEvents({
          profileNumber: PROFILE,
          before: { webhookId: WEBHOOK, requestId: 'p2' },
        });
        expect(ofProfile.map((event) => event.requestId)).to.deep.equal(['p1']);
      });
    });

    describe('review items', () => {
      const fuzzy = (requestId: string, eventTime = '2024-05-01T10:00:00.000Z') => ({
        ...inbound({ requestId, text: 'stpo', eventTime }),
        category: 'fuzzy-opt-out',
        keyword: 'stop',
        explanation: { rule: 'F1-near-miss:stop' },
        reply: { from: SENDER, to: PROFILE, text: 'Reply STOP to stop', category: 'fuzzy-opt-out' },
      });
      const decision = (kind: 'opt-out' | 'dismiss', note: string | null = 'called them') => ({
        decision: kind,
        by: 'alice',
        at: '2024-05-02T09:00:00.000Z',
        note,
        doubleOptInExpiresAfterDays: 30,
        reply: { from: SENDER, to: PROFILE, text: 'You are unsubscribed', category: 'opt-out' },
      });

      it('opens one item per fuzzy opt-out that did not opt out, in the write of its event, idempotently', async () => {
        await store.recordInbound(fuzzy('f1'), rule(null));
        await store.recordInbound(fuzzy('f1'), rule(null)); // a replay
        await store.recordInbound(
          { ...inbound({ requestId: 'd1', text: 'hello' }), category: 'default', explanation: { rule: 'none' } },
          rule(null),
        );
        await store.recordInbound(
          inbound({ requestId: 's0', key: { ...KEY, profileNumber: '+447700900999' } }),
          rule('opt-out'),
        );
        await store.recordInbound(
          { ...fuzzy('f-optout'), consentKey: { ...KEY, profileNumber: '+447700900888' } },
          rule('opt-out'),
        );
        const items = await store.listReviews({});
        expect(items).to.have.length(1);
        expect(items[0]).to.deep.include({
          id: eventIdOf(WEBHOOK, 'f1'),
          webhookId: WEBHOOK,
          requestId: 'f1',
          text: 'stpo',
          rule: 'F1-near-miss:stop',
          keyword: 'stop',
          state: 'open',
          resolution: null,
          eventTime: '2024-05-01T10:00:00.000Z',
        });
        expect(items[0]?.consentKey).to.deep.equal(KEY);
        expect(await store.review(eventIdOf(WEBHOOK, 'f1'))).to.deep.equal(items[0]);
        expect(await store.review('nothing')).to.equal(null);
        expect(await store.listReviews({ state: 'resolved' })).to.deep.equal([]);
        expect(await store.listReviews({ webhookId: 'other' })).to.deep.equal([]);
        expect(await store.listReviews({ since: '2024-05-02' })).to.deep.equal([]);
      });

      it("opts out as of the reviewed message: consent moves, the event's history entry is marked, the reply queued", async () => {
        await store.recordInbound(fuzzy('f1'), rule(null));
        const id = eventIdOf(WEBHOOK, 'f1');
        const decided = await store.decideReview(id, decision('opt-out'));
        expect(decided?.state).to.equal('resolved');
        expect(decided?.resolution).to.deep.include({ decision: 'opt-out', by: 'alice', note: 'called them' });
        expect(decided?.resolution?.consent).to.deep.include({ changed: true });
        expect(await store.consent(KEY)).to.deep.equal({
          state: 'opted-out',
          changedAt: '2024-05-01T10:00:00.000Z',
          version: 1,
        });
        const [view] = await store.consentOf(PROFILE);
        expect(view?.history).to.have.length(1);
        expect(view?.history[0]?.review).to.deep.equal({
          itemId: id,
          by: 'alice',
          at: '2024-05-02T09:00:00.000Z',
          note: 'called them',
        });
        expect(view?.history[0]?.consentReason).to.match(/reviewer alice/);
        // The reviewer's change is a link of the person's consent chain, naming the reviewer and its reason.
        await store.recordInbound(
          inbound({ requestId: 'after-review', text: 'YES', eventTime: '2024-05-03T10:00:00.000Z' }),
          rule('opt-in'),
        );
        const [chain] = await store.consentChains([KEY]);
        if (!chain) return expect.fail('no chain');
        expect(chain.links[0]?.content).to.deep.include({ eventId: id, reviewer: 'alice', to: 'opted-out' });
        expect(chain.links[0]?.content.reason).to.match(/reviewer alice/);
        expect(chain.links[1]?.previousHash).to.equal(chain.links[0]?.hash);
        expect(verifyChain(chain)).to.deep.include({ verified: 2, legacy: 0, broken: null });
        const confirmation = (await store.outbox({})).find((entry) => entry.reply.text === 'You are unsubscribed');
        expect(confirmation).to.deep.include({ id: decided?.resolution?.outboxId, requestId: 'f1', state: 'pending' });
        expect(await store.review(id)).to.deep.equal(decided);
        try {
          await store.decideReview(id, decision('dismiss'));
          expect.fail('deciding twice must be refused');
        } catch (error) {
          expect(error).to.be.instanceOf(ReviewDecidedError);
        }
        expect(await store.decideReview('nothing', decision('dismiss'))).to.equal(null);
      });

      it('lets a later opt-in stand: the reviewer opt-out orders as the reviewed message', async () => {
        await store.recordInbound(fuzzy('f1', '2024-05-01T10:00:00.000Z'), rule(null));
        await store.recordInbound(
          {
            ...inbound({ requestId: 'in1', text: 'START', eventTime: '2024-05-01T11:00:00.000Z' }),
            category: 'opt-in',
          },
          rule('opt-in'),
        );
        const decided = await store.decideReview(eventIdOf(WEBHOOK, 'f1'), decision('opt-out'));
        expect(decided?.resolution?.consent).to.deep.include({ changed: false });
        expect(decided?.resolution?.outboxId).to.equal(null);
        expect(await store.consent(KEY)).to.deep.include({ state: 'opted-in', version: 1 });
        expect((await store.outbox({})).map((entry) => entry.reply.text)).to.not.include('You are unsubscribed');
      });

      it('dismisses without moving consent, and a later exact opt-out closes an open item', async () => {
        await store.recordInbound(fuzzy('f1'), rule(null));
        await store.recordInbound(fuzzy('f2', '2024-05-01T10:05:00.000Z'), rule(null));
        const dismissed = await store.decideReview(eventIdOf(WEBHOOK, 'f1'), decision('dismiss', null));
        expect(dismissed?.resolution).to.deep.include({ decision: 'dismiss', consent: null, note: null });
        expect(await store.consent(KEY)).to.deep.equal(NO_CONSENT);
        await store.recordInbound(inbound({ requestId: 's1', eventTime: '2024-05-01T10:10:00.000Z' }), rule('opt-out'));
        const closed = await store.review(eventIdOf(WEBHOOK, 'f2'));
        expect(closed?.state).to.equal('resolved');
        expect(closed?.resolution).to.deep.include({
          decision: 'closed',
          closedBy: { webhookId: WEBHOOK, requestId: 's1' },
        });
        expect((await store.review(eventIdOf(WEBHOOK, 'f1')))?.resolution?.decision).to.equal('dismiss');
        expect(await store.listReviews({ state: 'open' })).to.deep.equal([]);
        expect(await store.listReviews({ state: 'resolved' })).to.have.length(2);
      });
    });

    describe('inbound pages (rule simulation)', () => {
      it("reads a webhook's inbound events in stored order, one bounded page at a time", async () => {
        for (let index = 0; index < 5; index += 1)
          await store.recordInbound(inbound({ requestId: `p${index}`, text: `text ${index}` }), rule('opt-out'));
        await store.recordInbound(inbound({ requestId: 'other', webhookId: 'other-hook' }), rule('opt-out'));
        await store.recordInbound({ ...inbound({ requestId: 'bin' }), binary: true, category: null }, rule(null));
        const seen: string[] = [];
        let after: string | null = null;
        let pages = 0;
        do {
          const page: Awaited<ReturnType<Store['inboundPage']>> = await store.inboundPage({
            webhookId: WEBHOOK,
            after,
            limit: 2,
          });
          expect(page.events.length).to.be.at.most(2);
          seen.push(...page.events.map((event) => `${event.requestId}:${event.text}`));
          after = page.next;
          pages += 1;
        } while (after !== null);
        expect(seen).to.deep.equal(['p0:text 0', 'p1:text 1', 'p2:text 2', 'p3:text 3', 'p4:text 4', 'bin:null']);
        expect(pages).to.be.within(3, 4);
        const first = await store.inboundPage({ webhookId: WEBHOOK, after: null, limit: 1 });
        expect(first.events[0]).to.deep.equal({
          requestId: 'p0',
          eventTime: '2024-05-01T10:00:00.000Z',
          text: 'text 0',
          category: 'opt-out',
          consentReason: 'opt-out wins from any state',
          reviewed: false,
        });
        expect(
          (await store.inboundPage({ webhookId: WEBHOOK, after: null, since: '2024-06-01', limit: 10 })).events,
        ).to.deep.equal([]);
      });
    });
  });
}
