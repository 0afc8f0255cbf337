// One suite every vendor send client must pass against its fake provider: how failures are classified,
// Retry-After, timeouts, and that retries of one outbox entry carry the same idempotency key.
import { expect } from 'chai';
import type { HttpSendOptions } from '../../../src/send/provider-request.ts';
import type { OutgoingMessage, SendClient, SendOutcome } from '../../../src/send/send-client.ts';
import type { FakeProvider, RecordedRequest } from '../../support/fake-providers.ts';
import { until } from '../../support/until.ts';

export interface SendClientFixture {
  provider: FakeProvider;
  client(options?: HttpSendOptions): SendClient;
  /** A client whose secret the provider does not accept. */
  clientWithWrongSecret(): SendClient;
  /** The idempotency / correlation key as the provider received it. */
  idempotencyKeyOf(request: RecordedRequest): unknown;
  /** Where the vendor's success answer names its message id (read here independently of the client). */
  messageIdIn(answered: unknown): unknown;
}

export const MESSAGE: OutgoingMessage = {
  outboxId: 'outbox-0001',
  from: '+15550001111',
  to: '+15557654321',
  text: 'You are unsubscribed.',
};

export function describeSendClientContract(vendor: string, start: () => Promise<SendClientFixture>): void {
  describe(`${vendor} send client (contract)`, () => {
    let fixture: SendClientFixture;
    beforeEach(async () => {
      fixture = await start();
    });
    afterEach(async () => {
      await fixture.provider.close();
    });

    it('sends once and returns ok with the message id the provider answered', async () => {
      const outcome = await fixture.client().send(MESSAGE);
      expect(fixture.provider.accepted).to.have.length(1);
      const answeredId = fixture.messageIdIn(fixture.provider.accepted[0]?.answered);
      expect(answeredId).to.be.a('string').and.not.equal('');
      expect(outcome).to.deep.equal({ ok: true, providerMessageId: answeredId });
    });

    it('reaches the provider once after 500 twice, with the same idempotency key on every attempt', async () => {
      fixture.provider.failNext(2);
      const client = fixture.client();
      const outcomes: SendOutcome[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1) outcomes.push(await client.send(MESSAGE));
      expect(outcomes.map((outcome) => outcome.ok)).to.deep.equal([false, false, true]);
      expect(outcomes[2]).to.deep.equal({
        ok: true,
        providerMessageId: fixture.messageIdIn(fixture.provider.accepted[0]?.answered),
      });
      expect(outcomes.slice(0, 2).every((outcome) => !outcome.ok && outcome.retryable)).to.equal(true);
      expect(fixture.provider.requests).to.have.length(3);
      expect(fixture.provider.accepted).to.have.length(1);
      expect(fixture.provider.requests.map((request) => fixture.idempotencyKeyOf(request))).to.deep.equal([
        MESSAGE.outboxId,
        MESSAGE.outboxId,
        MESSAGE.outboxId,
      ]);
    });

    it('treats 429 as retryable and honours Retry-After', async () => {
      fixture.provider.rateLimitNext(3);
      const outcome = await fixture.client().send(MESSAGE);
      expect(outcome).to.deep.include({ ok: false, retryable: true, retryAfterMs: 3000 });
    });

    it('reads a Retry-After HTTP date against the injected clock', async () => {
      const now = Date.parse('2024-05-01T12:00:00Z');
      fixture.provider.answerNext({ status: 503, headers: { 'retry-after': 'Wed, 01 May 2024 12:00:30 GMT' } });
      const outcome = await fixture.client({ now: () => now }).send(MESSAGE);
      expect(outcome).to.deep.include({ ok: false, retryable: true, retryAfterMs: 30_000 });
    });

    it('gives up on a provider that does not answer within the timeout, as retryable', async () => {
      fixture.provider.hangNext();
      const outcome = await fixture.client({ timeoutMs: 150 }).send(MESSAGE);
      expect(outcome).to.deep.equal({
        ok: false,
        retryable: true,
        reason: 'no answer within 150 ms',
        mayHaveSent: true,
      });
    });

    it("treats 400 as permanent and keeps the provider's explanation", async () => {
      fixture.provider.answerNext({ status: 400, body: '{"error":"invalid destination"}' });
      const outcome = await fixture.client().send(MESSAGE);
      expect(outcome).to.deep.equal({
        ok: false,
        retryable: false,
        reason: 'HTTP 400: {"error":"invalid destination"}',
      });
    });

    it('treats refused credentials (401) as permanent', async () => {
      const outcome = await fixture.clientWithWrongSecret().send(MESSAGE);
      expect(outcome).to.deep.include({ ok: false, retryable: false });
      expect(fixture.provider.requests).to.have.length(1);
      expect(fixture.provider.accepted).to.have.length(0);
    });

    it('does not retry a 2xx answer that names no message id (the message may have gone out)', async () => {
      fixture.provider.answerNext({ status: 200, body: '{}' });
      const outcome = await fixture.client().send(MESSAGE);
      expect(outcome).to.deep.include({ ok: false, retryable: false });
      expect(!outcome.ok && outcome.reason).to.match(/^accepted with HTTP 200, but the response names no message id/);
    });

    it('treats a refused connection as retryable', async () => {
      const client = fixture.client();
      await fixture.provider.close();
      const outcome = await client.send(MESSAGE);
      expect(outcome).to.deep.include({ ok: false, retryable: true });
      expect(!outcome.ok && outcome.reason).to.match(/^network error: ECONNREFUSED/);
      expect(outcome).to.not.have.property('mayHaveSent');
    });

    it('stops when the caller aborts, as retryable', async () => {
      fixture.provider.hangNext();
      const controller = new AbortController();
      const sending = fixture.client({ timeoutMs: 10_000 }).send(MESSAGE, controller.signal);
      await until(() => fixture.provider.requests.length === 1);
      controller.abort();
      expect(await sending).to.deep.equal({
        ok: false,
        retryable: true,
        reason: 'send aborted before the vendor answered',
        mayHaveSent: true,
      });
    });
  });
}
