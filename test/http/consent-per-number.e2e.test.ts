// One webhook, one account, several numbers: consent is kept per number texted and each reply goes out from
// the number that was texted; a number no channel attaches still opts out, is flagged and its reply suppressed;
// `optline consent rekey` moves consent stored under the rule file's number before that. Both stores.
import { bodyIdOf } from '../../src/store/idempotency-keys.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { pino } from 'pino';
import { openMongoAdminStore } from '../../src/admin/mongo-admin-store.ts';
import { openSqliteAdminStore } from '../../src/admin/sqlite-admin-store.ts';
import type { AdminStore } from '../../src/admin/admin-store.ts';
import { NO_CONSENT } from '../../src/consent/consent-state.ts';
import { Dispatcher } from '../../src/dispatch/dispatcher.ts';
import type { OutgoingMessage } from '../../src/send/send-client.ts';
import { openMongoStore } from '../../src/store/mongo/mongo-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { InboundRecord, Store } from '../../src/store/store.ts';
import * as callbacks from '../support/callbacks.ts';
import { optline } from '../support/optline-cli.ts';
import { ADMIN_TOKEN, FIXTURE_ENV, FIXTURE_RULES_DIR, postJson, startService } from '../support/service.ts';

const A = '+12025550143'; // the rule file's sender number
const B = '+12025550187'; // another number of the account, attached by the same channel
const SHORT = '12345'; // a short code, attached too
const UNATTACHED = '+12025550199'; // a number of the account no channel configuration lists

let sequence = 0;
const person = () => `+44770090${String(1000 + (sequence++ % 9000)).padStart(4, '0')}`;

/** A rules directory: an account-wide Sinch webhook (sender A) and a global-scope one, one channel for A, B, SHORT. */
function rulesDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'optline-numbers-'));
  const base = JSON.parse(readFileSync(join(FIXTURE_RULES_DIR, 'e2e-sinch.webhook.json'), 'utf8')) as object;
  const webhook = (id: string, extra: object) =>
    writeFileSync(
      join(dir, `${id}.webhook.json`),
      JSON.stringify({ ...base, id, name: id, credentials: 'acct-creds', senderNumber: A, ...extra }),
    );
  webhook('acct', {});
  webhook('acct-global', { consentScope: 'global' });
  writeFileSync(
    join(dir, 'acct-creds.credentials.json'),
    readFileSync(join(FIXTURE_RULES_DIR, 'e2e-sinch-creds.credentials.json'), 'utf8').replace(
      '"e2e-sinch-creds"',
      '"acct-creds"',
    ),
  );
  writeFileSync(
    join(dir, 'acct.channel.json'),
    JSON.stringify({ name: 'acct', credentials: 'acct-creds', senderNumbers: [A, B, SHORT] }),
  );
  return dir;
}

interface StoreUnderTest {
  name: string;
  open(): Promise<Store>;
  openAdmin(): Promise<AdminStore>;
  /** The variables that make the CLI open this same store. */
  env: NodeJS.ProcessEnv;
  dispose(): void;
}

function storesUnderTest(): Array<() => StoreUnderTest> {
  const sqlite = (): StoreUnderTest => {
    const dir = mkdtempSync(join(tmpdir(), 'optline-numbers-data-'));
    return {
      name: 'embedded store (SQLite)',
      open: () => openSqliteStore({ dir }),
      openAdmin: () => openSqliteAdminStore({ dir }),
      env: { OPTLINE_DATA: dir, MONGODB_URI: '' },
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  };
  const uri = process.env.MONGODB_URI;
  if (!uri) return [sqlite];
  const mongo = (): StoreUnderTest => {
    const url = new URL(uri);
    url.pathname = `/optline_numbers_${randomUUID().slice(0, 8)}`;
    return {
      name: 'MongoDB',
      open: () => openMongoStore({ uri: url.href }),
      openAdmin: () => openMongoAdminStore({ uri: url.href }),
      env: { MONGODB_URI: url.href },
      dispose() {},
    };
  };
  return [sqlite, mongo];
}

for (const make of storesUnderTest()) {
  describe(`consent per number texted, on the ${make().name}`, function () {
    this.timeout(30_000);
    let target: StoreUnderTest;
    let store: Store;
    let rules: string;

    beforeEach(async () => {
      target = make();
      store = await target.open();
      rules = rulesDir();
    });
    afterEach(async () => {
      await store.close();
      target.dispose();
      rmSync(rules, { recursive: true, force: true });
    });

    describe('over HTTP', () => {
      const warnings: Array<Record<string, unknown>> = [];
      const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
      const start = () => startService({ store, rulesDir: rules, env: FIXTURE_ENV, logger });

      const text = async (url: string, from: string, to: string, body: string) => {
        const requestId = `mo-${randomUUID()}`;
        const response = await postJson(
          url,
          callbacks.sinch.inbound({ requestId, from, to, text: body, at: new Date() }),
        );
        expect(response.status, JSON.stringify(response.body)).to.equal(200);
        return requestId;
      };

      /** Sends every due reply through a recording client, with the service's own sender check. */
      const dispatch = async (service: Awaited<ReturnType<typeof start>>) => {
        const sent: OutgoingMessage[] = [];
        const dispatcher = new Dispatcher({
          store,
          clientFor: () => ({
            send: async (message) => {
              sent.push(message);
              return { ok: true, providerMessageId: `sent-${sent.length}` };
            },
          }),
          senderRefusal: (webhookId, from) => service.admin.directory.senderRefusal(webhookId, from),
          logger: pino({ level: 'silent' }),
        });
        await dispatcher.runOnce();
        return sent;
      };

      it('keeps consent per number texted and answers from that number (E.164 and a short code)', async () => {
        const service = await start();
        try {
          const url = service.urlOf('acct');
          const profile = person();
          await text(url, profile, B, 'STOP');
          expect((await store.consent({ senderNumber: B, profileNumber: profile })).state).to.equal('opted-out');
          expect(await store.consent({ senderNumber: A, profileNumber: profile })).to.deep.equal(NO_CONSENT);
          await text(url, profile, A, 'STOP');
          await text(url, profile, SHORT, 'STOP');
          for (const senderNumber of [A, B, SHORT]) {
            expect((await store.consent({ senderNumber, profileNumber: profile })).state, senderNumber).to.equal(
              'opted-out',
            );
          }
          const outbox = (await store.outbox({})).filter((entry) => entry.reply.to === profile);
          expect(outbox.map((entry) => entry.reply.from)).to.deep.equal([B, A, SHORT]);
          const sent = await dispatch(service);
          expect(sent.filter((message) => message.to === profile).map((message) => message.from)).to.deep.equal([
            B,
            A,
            SHORT,
          ]);
          const events = await store.listEvents({ profileNumber: profile });
          expect(events.map((event) => event.unattachedInboundNumber)).to.deep.equal([false, false, false]);
        } finally {
          await service.close();
        }
      });

      it('keeps "consentScope": "global" global, still answering from the number texted', async () => {
        const service = await start();
        try {
          const profile = person();
          await text(service.urlOf('acct-global'), profile, B, 'STOP');
          expect((await store.consent({ senderNumber: '*', profileNumber: profile })).state).to.equal('opted-out');
          expect(await store.consent({ senderNumber: B, profileNumber: profile })).to.deep.equal(NO_CONSENT);
          const [entry] = (await store.outbox({})).filter((each) => each.reply.to === profile);
          expect(entry?.reply.from).to.equal(B);
        } finally {
          await service.close();
        }
      });

      it('honours a STOP to a number no channel attaches, flags it, warns masked and suppresses its reply', async () => {
        warnings.length = 0;
        const service = await start();
        try {
          const profile = person();
          const requestId = await text(service.urlOf('acct'), profile, UNATTACHED, 'STOP');
          expect((await store.consent({ senderNumber: UNATTACHED, profileNumber: profile })).state).to.equal(
            'opted-out',
          );
          const response = await fetch(`${service.baseUrl}/api/events?profileNumber=${encodeURIComponent(profile)}`, {
            headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
          });
          const { events } = (await response.json()) as { events: Array<Record<string, unknown>> };
          expect(events.map((event) => [event.requestId, event.unattachedInboundNumber])).to.deep.equal([
            [requestId, true],
          ]);
          const warning = warnings.find((line) => line.webhookId === 'acct');
          expect(warning?.inboundNumber).to.equal('+1202*****99');
          expect(JSON.stringify(warnings)).not.to.include(UNATTACHED.slice(1));
          expect(await dispatch(service)).to.deep.equal([]);
          const [entry] = (await store.outbox({})).filter((each) => each.reply.to === profile);
          expect(entry).to.deep.include({ state: 'suppressed' });
          expect(entry?.reply.from).to.equal(UNATTACHED);
          expect(entry?.lastError).to.match(/no channel configuration attaches the credentials "acct-creds"/);
        } finally {
          await service.close();
        }
      });
    });

    describe('optline consent rekey', () => {
      /** An event as stored before consent was kept per number: under the rule file's number A. */
      const oldStyle = (
        requestId: string,
        profileNumber: string,
        to: string,
        body: string,
        eventTime: string,
        webhookId = 'acct',
      ) => {
        const record: InboundRecord = {
          webhookId,
          requestId,
          receivedAt: eventTime,
          eventTime,
          bodyId: bodyIdOf('{}'),
          event: {
            inboundMessage: body,
            profileNumber,
            requestId,
            originTimestamp: eventTime,
            inboundNumber: to.replace('+', ''),
            normalized: { profileNumber, inboundNumber: /^\+/.test(to) ? to : null, originTimestamp: eventTime },
          },
          category: body === 'STOP' ? 'opt-out' : 'help',
          keyword: body.toLowerCase(),
          explanation: {},
          customKeyword: false,
          binary: false,
          ruleRevision: { id: 'acct', version: '1.0.0', contentHash: 'x' },
          consentKey: { senderNumber: A, profileNumber },
          reply: null,
        };
        return store.recordInbound(record, {
          effect: body === 'STOP' ? 'opt-out' : null,
          doubleOptInExpiresAfterDays: 30,
        });
      };
      const rekey = (...extra: string[]) =>
        optline(['consent', 'rekey', '--webhook', 'acct', ...extra], '', { ...target.env, OPTLINE_RULES: rules });
      const rekeyWebhook = (id: string) =>
        optline(['consent', 'rekey', '--webhook', id], '', { ...target.env, OPTLINE_RULES: rules });

      it('prints what would move on a dry run, moves it on a real run, and moves nothing the second time', async () => {
        const [p, q] = [person(), person()];
        await oldStyle('p-to-b', p, B, 'STOP', '2024-05-01T10:00:00.000Z'); // opted p out of A: wrong
        await oldStyle('p-to-a', p, A, 'STOP', '2024-05-02T10:00:00.000Z'); // "already opted-out" then
        await oldStyle('q-to-short', q, SHORT, 'STOP', '2024-05-01T10:00:00.000Z');
        await oldStyle('q-help-a', q, A, 'HELP', '2024-05-03T10:00:00.000Z');
        const consentOf = async () =>
          Object.fromEntries(
            (await store.exportConsents({})).map((consent) => [
              `${consent.key.profileNumber} ${consent.key.senderNumber}`,
              `${consent.state} v${consent.version}`,
            ]),
          );
        const before = await consentOf();
        expect(before).to.deep.equal({ [`${p} ${A}`]: 'opted-out v1', [`${q} ${A}`]: 'opted-out v1' });

        const dry = await rekey('--dry-run');
        expect(dry.status, dry.stderr).to.equal(0);
        expect(dry.stdout).to.include(`move p-to-b (opt-out) of ${p.slice(0, 5)}`);
        expect(dry.stdout).to.include(`: ${A} -> ${B}\n`);
        expect(dry.stdout).to.include(`move q-to-short (opt-out) of ${q.slice(0, 5)}`);
        expect(dry.stdout).to.include(`: ${A} -> ${SHORT}\n`);
        expect(dry.stdout).not.to.include(p).and.not.to.include(q);
        expect(dry.stdout).to.include('2 event(s) of webhook acct to move');
        expect(dry.stdout).to.include('dry run: nothing changed');
        expect(await consentOf()).to.deep.equal(before);

        const real = await rekey();
        expect(real.status, real.stderr).to.equal(0);
        expect(real.stdout).to.include('moved 2 event(s)');
        // p's STOP to A, once "already opted-out", now is what opts p out of A.
        expect(await consentOf()).to.deep.equal({
          [`${p} ${A}`]: 'opted-out v1',
          [`${p} ${B}`]: 'opted-out v1',
          [`${q} ${SHORT}`]: 'opted-out v1',
        });
        const history = await store.consentOf(p);
        expect(
          history.map((view) => [view.key.senderNumber, view.history.map((event) => event.requestId)]),
        ).to.deep.equal(
          [
            [A, ['p-to-a']],
            [B, ['p-to-b']],
          ].sort(),
        );

        const again = await rekey();
        expect(again.status, again.stderr).to.equal(0);
        expect(again.stdout).to.include('0 event(s) of webhook acct to move');
        expect(again.stdout).to.include('nothing to move');
        expect(await consentOf()).to.deep.equal({
          [`${p} ${A}`]: 'opted-out v1',
          [`${p} ${B}`]: 'opted-out v1',
          [`${q} ${SHORT}`]: 'opted-out v1',
        });
      });

      it('rekeys a webhook managed through the admin API, from its latest revision', async () => {
        const content = readFileSync(join(rules, 'acct.webhook.json'), 'utf8').replace(
          '"id":"acct"',
          '"id":"acct-api"',
        );
        rmSync(join(rules, 'acct.webhook.json'));
        const adminStore = await target.openAdmin();
        try {
          const revision = { webhookId: 'acct-api', revision: 1, at: new Date().toISOString(), author: 'test' };
          expect(await adminStore.appendWebhookRevision({ ...revision, diff: [], content })).to.equal(true);
        } finally {
          await adminStore.close();
        }
        const p = person();
        await oldStyle('api-to-b', p, B, 'STOP', '2024-05-01T10:00:00.000Z', 'acct-api');
        const result = await rekeyWebhook('acct-api');
        expect(result.status, result.stderr).to.equal(0);
        expect(result.stdout).to.include('moved 1 event(s)');
        expect(await store.consent({ senderNumber: B, profileNumber: p })).to.deep.include({ state: 'opted-out' });
        expect(await store.consent({ senderNumber: A, profileNumber: p })).to.deep.equal(NO_CONSENT);
      });

      it('refuses a feedback-only webhook, which keeps no consent', async () => {
        const feedback = readFileSync(join(FIXTURE_RULES_DIR, 'e2e-infobip-dlr.webhook.json'), 'utf8');
        writeFileSync(join(rules, 'e2e-infobip-dlr.webhook.json'), feedback);
        const result = await rekeyWebhook('e2e-infobip-dlr');
        expect(result.status).to.equal(2);
        expect(result.stderr).to.include('takes feedback only');
      });

      it('names an unknown webhook as a usage error', async () => {
        const result = await optline(['consent', 'rekey', '--webhook', 'nope'], '', {
          ...target.env,
          OPTLINE_RULES: rules,
        });
        expect(result.status).to.equal(2);
        expect(result.stderr).to.include('no rule file in');
      });
    });
  });
}
