// Instances are stateless over MongoDB: two and three built services on one database. A STOP and a YES from the
// same person, posted at once to different instances, end in one consent state that the consent history
// explains, and the last reply queued for the person matches it. Runs only with MONGODB_URI (FerretDB in CI).
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Dispatcher } from '../../src/dispatch/dispatcher.ts';
import type { OutgoingMessage } from '../../src/send/send-client.ts';
import { openMongoStore } from '../../src/store/mongo/mongo-store.ts';
import type { Store } from '../../src/store/store.ts';
import * as callbacks from '../support/callbacks.ts';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.ts';
import { FIXTURE_ENV, FIXTURE_RULES_DIR, postJson } from '../support/service.ts';

const SENDER = '+15550100';
/** The consent state each decision category of the fixture moves to. */
const STATE_OF: Record<string, string> = { 'opt-out': 'opted-out', 'opt-in': 'opted-in' };

/** The URI with its database replaced (each test its own). */
export function withDatabase(uri: string, name: string): string {
  const url = new URL(uri);
  url.pathname = `/${name}`;
  return url.toString();
}

const mongoUri = process.env.MONGODB_URI?.trim();

(mongoUri ? describe : describe.skip)('scale-out: instances on one MongoDB', function () {
  this.timeout(180_000);

  for (const count of [2, 3]) {
    it(`${count} instances: a STOP and a YES posted at once to different instances end in one explained state`, async () => {
      const dbName = `optline_scale_${randomUUID().slice(0, 8)}`;
      const uri = withDatabase(mongoUri!, dbName);
      const dataDir = mkdtempSync(join(tmpdir(), 'optline-scale-'));
      const instances: ServiceProcess[] = [];
      let store: Store | undefined;
      try {
        for (let n = 0; n < count; n++) {
          instances.push(
            await startServiceProcess(
              {
                ...FIXTURE_ENV,
                MONGODB_URI: uri,
                OPTLINE_DATA: dataDir,
                OPTLINE_RULES: FIXTURE_RULES_DIR,
                OPTLINE_DISPATCH: 'off',
              },
              60_000,
            ),
          );
        }
        const urls = instances.map((instance) => instance.urls.get('e2e-sinch')!);
        expect(new Set(urls.map((url) => url.split('/').pop())).size, 'one webhook secret for all').to.equal(1);
        const base = Date.now() - 60_000;
        const people = Array.from({ length: 12 }, (_, n) => `+1202558${String(1000 + n)}`);
        await Promise.all(
          people.map(async (from, n) => {
            // The person sent STOP then YES a second later, or both in the same second; the provider delivered
            // the two callbacks at once, to different instances, in either order.
            const stopAt = new Date(base + n * 10_000);
            const yesAt = new Date(stopAt.getTime() + (n % 3 === 0 ? 0 : 1000));
            const posts = [
              {
                url: urls[n % count]!,
                body: callbacks.sinch.inbound({ requestId: `stop-${n}`, from, to: SENDER, text: 'STOP', at: stopAt }),
              },
              {
                url: urls[(n + 1) % count]!,
                body: callbacks.sinch.inbound({ requestId: `yes-${n}`, from, to: SENDER, text: 'YES', at: yesAt }),
              },
            ];
            if (n % 2) posts.reverse();
            const answers = await Promise.all(posts.map((post) => postJson(post.url, post.body)));
            expect(answers.map((answer) => answer.status)).to.deep.equal([200, 200]);
          }),
        );

        // A dispatcher drains the outbox (as any instance's would), sending through a recording client.
        store = await openMongoStore({ uri });
        const sent: OutgoingMessage[] = [];
        const dispatcher = new Dispatcher({
          store,
          logger: pino({ level: 'silent' }),
          clientFor: () => ({
            send: (message) => {
              sent.push(message);
              return Promise.resolve({ ok: true, providerMessageId: `p-${sent.length}` });
            },
          }),
        });
        while ((await dispatcher.runOnce()).leased > 0);
        const queued = await store.outbox({ limit: 1000 });
        const categoryOf = (outboxId: string) => queued.find((entry) => entry.id === outboxId)?.reply.category ?? '';
        for (const [n, from] of people.entries()) {
          const views = await store.consentOf(from);
          expect(views, from).to.have.length(1);
          const [{ current, history }] = views as [(typeof views)[number]];
          const events = await store.listEvents({ profileNumber: from });
          expect(events.map((event) => event.requestId).sort(), `${from}: both stored once`).to.deep.equal([
            `stop-${n}`,
            `yes-${n}`,
          ]);
          // The history is one unbroken chain of versions ending at the current state: no update was lost.
          expect(history.length, from).to.be.greaterThan(0);
          history.forEach((event, index) => {
            expect(event.consentBefore?.version, `${from} change ${index}`).to.equal(index);
            expect(event.consentAfter?.version, `${from} change ${index}`).to.equal(index + 1);
          });
          const last = history[history.length - 1]!;
          expect(last.consentAfter, from).to.deep.equal(current);
          expect(STATE_OF[last.category ?? ''], `${from}: the last change explains the state`).to.equal(current.state);
          // The later message (by the person's clock) wins; in the same second, the one stored last.
          if (n % 3 !== 0) expect(current.state, from).to.equal('opted-in');
          // The last reply sent says what the consent is (an earlier one may have said what it was before).
          const replies = sent.filter((message) => message.to === from).map((reply) => categoryOf(reply.outboxId));
          expect(STATE_OF[replies.at(-1) ?? ''], `${from}: the last reply (of ${replies.join(', ')})`).to.equal(
            current.state,
          );
          expect(
            queued.filter((entry) => entry.reply.to === from && entry.state === 'pending'),
            from,
          ).to.deep.equal([]);
        }
      } finally {
        await store?.close();
        await Promise.all(instances.map((instance) => instance.stop()));
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }
});
