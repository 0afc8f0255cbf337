// GET /api/consents/<number>/evidence end to end, on every store backend: real callbacks posted to the fixture
// webhooks, then the evidence of one person read back through the admin API.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { eventIdOf } from '../../src/store/idempotency-keys.ts';
import type { Store } from '../../src/store/store.ts';
import { api } from '../support/admin-api.ts';
import * as callbacks from '../support/callbacks.ts';
import { PAYLOADS_DIR } from '../support/corpus.ts';
import { backends } from '../support/store-backends.ts';
import { FIXTURE_RULES_DIR, postJson, startService, type RunningService } from '../support/service.ts';

const WEBHOOK = 'e2e-infobip-in';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The corpus's Infobip batch (two senders), with the first sender's quiz answer turned into a JOIN. */
function twoPeopleBatch(): string {
  const batch = JSON.parse(readFileSync(join(PAYLOADS_DIR, 'infobip.inbound-batch.json'), 'utf8')) as {
    results: Array<Record<string, unknown>>;
  };
  const first = batch.results[0];
  if (first) Object.assign(first, { text: 'JOIN', cleanText: 'JOIN', keyword: 'JOIN' });
  return JSON.stringify(batch, null, 2);
}

interface Change {
  version: number;
  eventId: string;
  requestId: string;
  eventTime: string;
  from: string;
  to: string;
  reason: string;
  category: string | null;
  keyword: string | null;
  reviewer: string | null;
  hash: string | null;
  previousHash: string | null;
  body: { rawBodyHash: string | null; whole: string | null; elements: Array<{ path: string; value: unknown }> | null };
  ruleRevision: {
    id: string;
    version: string;
    contentHash: string;
    content: string | null;
    contentMatches: boolean | null;
  };
  reply: { status: string | null; history: Array<{ status: string }> } | null;
}

interface Evidence {
  intact: boolean;
  consents: Array<{
    senderNumber: string;
    state: string;
    verification: { intact: boolean; verified: number };
    changes: Change[];
  }>;
}

for (const backend of backends()) {
  describe(`consent evidence (${backend.name})`, function () {
    this.timeout(30_000);
    let store: Store;
    let service: RunningService;

    before(async () => {
      store = await backend.open();
      service = await startService({ store });
    });
    after(async () => {
      await service.close();
      await store.close();
    });

    const evidenceOf = async (number: string) => {
      const response = await api(service.baseUrl, 'GET', `/api/consents/${encodeURIComponent(number)}/evidence`);
      expect(response.status, response.text.slice(0, 300)).to.equal(200);
      return { evidence: response.body as unknown as Evidence, text: response.text };
    };

    it("gives a batch body shared with another person as this person's elements, by JSON path, with the whole body's hash", async () => {
      const body = twoPeopleBatch();
      expect((await postJson(service.urlOf(WEBHOOK), body)).status).to.equal(200);

      const stopper = await evidenceOf('+385916242494');
      const [consent] = stopper.evidence.consents;
      expect(consent).to.deep.include({ senderNumber: '+385921004026', state: 'opted-out' });
      const [change] = consent?.changes ?? [];
      expect(change?.body).to.deep.equal({
        rawBodyHash: sha256(body),
        whole: null,
        elements: [{ path: '$.results[1]', value: JSON.parse(body).results[1] }],
        withheld: null,
      });
      // Nothing of the other sender: neither the number, nor the message id, nor a field only their element has.
      expect(stopper.text)
        .to.not.contain('385916242493')
        .and.not.contain('817790313235066447')
        .and.not.contain('callbackData');

      const joiner = await evidenceOf('+385916242493');
      const joined = joiner.evidence.consents[0]?.changes[0];
      expect(joined).to.deep.include({ to: 'pending' });
      expect(joined?.body.elements?.map((element) => element.path)).to.deep.equal(['$.results[0]']);
      expect(joiner.text).to.not.contain('385916242494').and.not.contain('817790313235066448');
    });

    it('gives a body holding only this person as received, with the rule file text that decided and the chain verified', async () => {
      const number = '+12025550811';
      const joinCallback = callbacks.infobip.inbound({
        requestId: 'evidence-join',
        from: number,
        to: '+15550102',
        text: 'JOIN',
        at: new Date('2024-05-01T10:00:00Z'),
      });
      const yes = callbacks.infobip.inbound({
        requestId: 'evidence-yes',
        from: number,
        to: '+15550102',
        text: 'YES',
        at: new Date('2024-05-01T10:05:00Z'),
      });
      const joinBody = JSON.stringify(joinCallback);
      expect((await postJson(service.urlOf(WEBHOOK), joinBody)).status).to.equal(200);
      expect((await postJson(service.urlOf(WEBHOOK), yes)).status).to.equal(200);
      const { evidence } = await evidenceOf(number);
      expect(evidence.intact).to.equal(true);
      const [consent] = evidence.consents;
      expect(consent?.verification).to.deep.include({ intact: true, verified: 2 });
      const [first, second] = consent?.changes ?? [];
      expect(first?.body).to.deep.include({ whole: joinBody, elements: null, rawBodyHash: sha256(joinBody) });
      expect(first?.previousHash).to.equal(null);
      expect(second?.previousHash)
        .to.equal(first?.hash)
        .and.to.match(/^[0-9a-f]{64}$/);
      // As rules/README.md ("Evidence") tells a reviewer to recompute a hash, from the evidence alone.
      if (!second || !consent) return expect.fail('two changes expected');
      const recomputed = sha256(
        JSON.stringify([
          'optline-consent-change/1',
          second.previousHash,
          consent.senderNumber,
          number,
          second.version,
          second.eventId,
          second.body.rawBodyHash,
          second.ruleRevision.id,
          second.ruleRevision.version,
          second.ruleRevision.contentHash,
          second.category,
          second.keyword,
          second.from,
          second.to,
          second.eventTime,
          second.reason,
          second.reviewer,
        ]),
      );
      expect(recomputed).to.equal(second.hash);
      const ruleText = readFileSync(join(FIXTURE_RULES_DIR, `${WEBHOOK}.webhook.json`), 'utf8');
      expect(first?.ruleRevision).to.deep.include({
        content: ruleText,
        contentMatches: true,
        contentHash: sha256(ruleText),
      });
    });

    it('keeps one linear, verified chain when conflicting STOP and YES callbacks of one person arrive at once', async () => {
      const number = '+12025550813';
      const posts = Array.from({ length: 12 }, (_, index) =>
        callbacks.infobip.inbound({
          requestId: `evidence-race-${index}`,
          from: number,
          to: '+15550102',
          text: index % 2 === 0 ? 'STOP' : 'YES',
          at: new Date('2024-05-01T10:00:00Z'),
        }),
      );
      const answers = await Promise.all(posts.map((post) => postJson(service.urlOf(WEBHOOK), post)));
      expect(answers.map((answer) => answer.status)).to.deep.equal(posts.map(() => 200));
      const { evidence } = await evidenceOf(number);
      const [consent] = evidence.consents;
      if (!consent) return expect.fail('no consent');
      expect(consent.changes.length).to.be.at.least(2);
      expect(consent.verification).to.deep.include({ intact: true, verified: consent.changes.length });
      consent.changes.forEach((change, index) => {
        expect(change.version).to.equal(index + 1);
        expect(change.previousHash).to.equal(index === 0 ? null : consent.changes[index - 1]?.hash);
      });
    });

    it('gives the reply sent and its delivery history', async () => {
      const number = '+12025550812';
      const stop = callbacks.infobip.inbound({
        requestId: 'evidence-stop',
        from: number,
        to: '+15550102',
        text: 'STOP',
        at: new Date('2024-05-01T10:00:00Z'),
      });
      expect((await postJson(service.urlOf(WEBHOOK), stop)).status).to.equal(200);
      const reference = eventIdOf(WEBHOOK, 'evidence-stop');
      const report = callbacks.infobip.feedback({ reference, to: number, outcome: 'delivered' });
      expect((await postJson(service.urlOf('e2e-infobip-dlr'), report)).status).to.equal(200);
      const { evidence } = await evidenceOf(number);
      const reply = evidence.consents[0]?.changes[0]?.reply;
      expect(reply).to.deep.include({ status: 'delivered' });
      expect(reply?.history.map((entry) => entry.status)).to.deep.equal(['delivered']);
    });
  });
}
