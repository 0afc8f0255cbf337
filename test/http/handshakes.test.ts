// The providers' handshakes, over HTTP against the real app on every store backend, with the peers faked on
// loopback: Event Grid's validation post, a CloudEvents OPTIONS request, and a fake SNS that serves its signing
// certificate and records the SubscribeURL visit. None of them stores an event.
import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { SnsSubscriptionMessage } from '../../src/handshakes/sns-message.ts';
import type { Store } from '../../src/store/store.ts';
import { api } from '../support/admin-api.ts';
import { startFakeSns, TOPIC_ARN, type FakeSns } from '../support/fake-sns.ts';
import { FIXTURE_RULES_DIR, postJson, startService, type RunningService } from '../support/service.ts';
import { backends } from '../support/store-backends.ts';

const MANUAL = 'e2e-telnyx-in'; // a Custom webhook: handshakes answered, SNS confirmed by the admin
const AUTO = 'e2e-sns-auto'; // a Custom webhook whose rule file turns SNS autoConfirm on
const NATIVE = 'e2e-sinch'; // a native vendor's webhook: no handshakes

const validationPost = (code: string) => [
  {
    id: '2d1781af-3a4c-4d7c-bd0c-e34b19da4e66',
    topic: '/subscriptions/x/resourceGroups/y/providers/Microsoft.EventGrid/topics/z',
    subject: '',
    data: { validationCode: code, validationUrl: 'https://rp-eastus2.eventgrid.azure.net/validate?id=1&t=2' },
    eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
    eventTime: '2024-05-01T10:00:00Z',
    metadataVersion: '1',
    dataVersion: '1',
  },
];

for (const backend of backends()) {
  describe(`provider handshakes at the webhook URL (${backend.name})`, function () {
    this.timeout(20_000);
    let store: Store;
    let service: RunningService;
    let sns: FakeSns;
    let elsewhere: FakeSns; // a peer the allow-list does not name: it must never be asked anything
    let rulesDir: string;
    const lines: Array<Record<string, unknown>> = [];

    before(async () => {
      rulesDir = mkdtempSync(join(tmpdir(), 'optline-handshakes-'));
      cpSync(FIXTURE_RULES_DIR, rulesDir, { recursive: true });
      const manual = JSON.parse(readFileSync(join(rulesDir, `${MANUAL}.webhook.json`), 'utf8')) as object;
      writeFileSync(
        join(rulesDir, `${AUTO}.webhook.json`),
        JSON.stringify({ ...manual, id: AUTO, senderNumber: '+15550199', sns: { autoConfirm: true } }),
      );
      [sns, elsewhere] = await Promise.all([startFakeSns(), startFakeSns()]);
      store = await backend.open();
      const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
      service = await startService({ store, rulesDir, logger, outboundAllow: [sns.host] });
    });
    after(async () => {
      await service.close();
      await store.close();
      await Promise.all([sns.close(), elsewhere.close()]);
      rmSync(rulesDir, { recursive: true, force: true });
    });
    beforeEach(() => {
      lines.length = 0;
      sns.requests.length = 0;
      sns.confirmStatus = 200;
    });
    afterEach(async () => {
      expect(await store.listEvents({}), 'no handshake stores an event').to.deep.equal([]);
      expect(elsewhere.requests, 'nothing is fetched from a host outside the allow-list').to.deep.equal([]);
    });

    const postSns = (webhookId: string, message: SnsSubscriptionMessage & { token?: string }) => {
      const { token: _token, ...body } = message;
      return postJson(service.urlOf(webhookId), JSON.stringify(body), {
        'content-type': 'text/plain; charset=UTF-8',
        'x-amz-sns-message-type': body.Type,
        'x-amz-sns-message-id': body.MessageId,
        'x-amz-sns-topic-arn': body.TopicArn,
      });
    };
    const confirmationsOf = async (webhookId: string) =>
      (await api(service.baseUrl, 'GET', `/api/webhooks/${webhookId}/subscription-confirmations`)).body as {
        confirmations: Array<Record<string, unknown>>;
      };

    describe('Azure Event Grid subscription validation', () => {
      it('answers the validation code on a Custom webhook, even one not active yet', async () => {
        const answer = await postJson(service.urlOf(AUTO), validationPost('512d38b6-c7b8-40c8-89fe-f46f9e9622b6'), {
          'aeg-event-type': 'SubscriptionValidation',
        });
        expect(answer.status).to.equal(200);
        expect(answer.body).to.deep.equal({ validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' });
        expect(lines.map((line) => line.msg)).to.include('Event Grid subscription validated');
      });

      it('refuses a validation post without a code, and a wrong secret finds no webhook', async () => {
        const noCode = await postJson(
          service.urlOf(MANUAL),
          [{ eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: {} }],
          {
            'aeg-event-type': 'SubscriptionValidation',
          },
        );
        expect(noCode.status).to.equal(400);
        expect(noCode.body.message).to.match(/\$\[0\]\.data\.validationCode/);
        const wrongSecret = await postJson(`${service.urlOf(MANUAL)}x`, validationPost('c'), {
          'aeg-event-type': 'SubscriptionValidation',
        });
        expect(wrongSecret.status).to.equal(404);
      });

      it('is not answered by a native vendor webhook: the post is taken as a callback', async () => {
        const answer = await postJson(service.urlOf(NATIVE), validationPost('c'), {
          'aeg-event-type': 'SubscriptionValidation',
        });
        expect(answer.body).to.not.have.property('validationResponse');
        expect(answer.status).to.equal(422);
      });
    });

    describe('CloudEvents webhook validation (OPTIONS)', () => {
      const options = (url: string, headers: Record<string, string>) => fetch(url, { method: 'OPTIONS', headers });

      it('allows the origin and the rate asked on a Custom webhook', async () => {
        const answer = await options(service.urlOf(MANUAL), {
          'webhook-request-origin': 'eventemitter.example.com',
          'webhook-request-rate': '120',
        });
        expect(answer.status).to.equal(200);
        expect(answer.headers.get('webhook-allowed-origin')).to.equal('eventemitter.example.com');
        expect(answer.headers.get('webhook-allowed-rate')).to.equal('120');
        expect(answer.headers.get('allow')).to.equal('POST, OPTIONS');
        const noRate = await options(service.urlOf(MANUAL), { 'webhook-request-origin': 'eventgrid.azure.net' });
        expect(noRate.headers.get('webhook-allowed-origin')).to.equal('eventgrid.azure.net');
        expect(noRate.headers.has('webhook-allowed-rate')).to.equal(false);
      });

      it('refuses an OPTIONS request without an origin, grants nothing on a native webhook, 404 on a wrong secret', async () => {
        const noOrigin = await options(service.urlOf(MANUAL), {});
        expect(noOrigin.status).to.equal(400);
        expect(((await noOrigin.json()) as { message: string }).message).to.match(/WebHook-Request-Origin/);
        const native = await options(service.urlOf(NATIVE), { 'webhook-request-origin': 'eventemitter.example.com' });
        expect(native.status).to.equal(204);
        expect(native.headers.has('webhook-allowed-origin')).to.equal(false);
        const wrongSecret = await options(`${service.urlOf(MANUAL)}x`, { 'webhook-request-origin': 'a.example' });
        expect(wrongSecret.status).to.equal(404);
      });
    });

    describe('Amazon SNS subscription confirmation', () => {
      it('records a SubscriptionConfirmation for the admin when autoConfirm is off: nothing fetched, the URL shown by the API, the token never logged', async () => {
        const message = sns.message('SubscriptionConfirmation');
        const answer = await postSns(MANUAL, message);
        expect(answer.status).to.equal(200);
        expect(answer.body).to.deep.equal({ handshake: 'SubscriptionConfirmation', outcome: 'pending' });
        expect(sns.requests).to.deep.equal([]);
        const shown = await confirmationsOf(MANUAL);
        expect(shown.confirmations[0]).to.deep.include({
          messageType: 'SubscriptionConfirmation',
          messageId: message.MessageId,
          topicArn: TOPIC_ARN,
          subscribeUrl: message.SubscribeURL,
          outcome: 'pending',
          reason: null,
        });
        const line = lines.find((entry) => String(entry.msg).startsWith('SNS subscription awaits'));
        expect(line).to.deep.include({ webhookId: MANUAL, topicArn: TOPIC_ARN, subscribeHost: sns.host });
        expect(JSON.stringify(lines)).to.not.include(message.token);
      });

      for (const version of ['1', '2']) {
        it(`confirms a SubscriptionConfirmation signed with SignatureVersion ${version} when autoConfirm is on`, async () => {
          const message = sns.message('SubscriptionConfirmation', { SignatureVersion: version });
          const answer = await postSns(AUTO, message);
          expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
          expect(answer.body).to.deep.equal({ handshake: 'SubscriptionConfirmation', outcome: 'confirmed' });
          expect(sns.requests).to.deep.equal([
            new URL(message.SigningCertURL).pathname,
            new URL(message.SubscribeURL).pathname + new URL(message.SubscribeURL).search,
          ]);
          expect((await confirmationsOf(AUTO)).confirmations[0]).to.deep.include({
            messageId: message.MessageId,
            outcome: 'confirmed',
          });
          expect(lines.map((entry) => entry.msg)).to.include('SNS subscription confirmed');
          expect(JSON.stringify(lines)).to.not.include(message.token);
        });
      }

      it('refuses a message whose signature does not hold: the SubscribeURL is never visited', async () => {
        const signed = sns.message('SubscriptionConfirmation');
        const tampered = { ...signed, Message: `${signed.Message} (tampered)` };
        const before = (await confirmationsOf(AUTO)).confirmations.length;
        const answer = await postSns(AUTO, tampered);
        expect(answer.status).to.equal(401);
        expect(answer.body.message).to.match(/not signed by SNS: the signature does not match the message/);
        expect(sns.requests).to.deep.equal([new URL(signed.SigningCertURL).pathname]);
        expect((await confirmationsOf(AUTO)).confirmations).to.have.length(before);
        const refusal = lines.find((entry) => entry.msg === 'callback refused');
        expect(refusal).to.deep.include({ webhookId: AUTO, status: 401 });
        expect(String(refusal?.reason)).to.match(/not signed by SNS/);
      });

      it('refuses a SigningCertURL or SubscribeURL off the allowed hosts before fetching anything', async () => {
        const cases: Array<{ overrides: Partial<SnsSubscriptionMessage>; reason: RegExp }> = [
          {
            overrides: { SigningCertURL: `${elsewhere.baseUrl}/SimpleNotificationService-fake.pem` },
            reason: new RegExp(`SigningCertURL host ${elsewhere.host} is neither sns.<region>.amazonaws.com`),
          },
          {
            overrides: { SubscribeURL: `${elsewhere.baseUrl}/?Action=ConfirmSubscription&Token=stolen` },
            reason: new RegExp(`SubscribeURL host ${elsewhere.host} is neither`),
          },
          {
            overrides: { SigningCertURL: 'http://sns.eu-west-1.amazonaws.com/cert.pem' },
            reason: /SigningCertURL is not https/,
          },
          {
            overrides: { SubscribeURL: 'https://sns.eu-west-1.amazonaws.com.evil.example/?Token=x' },
            reason: /SubscribeURL host sns\.eu-west-1\.amazonaws\.com\.evil\.example is neither/,
          },
        ];
        for (const { overrides, reason } of cases) {
          lines.length = 0;
          const answer = await postSns(AUTO, sns.message('SubscriptionConfirmation', overrides));
          expect(answer.status).to.equal(401);
          expect(answer.body.message).to.match(reason);
          expect(sns.requests).to.deep.equal([]);
          expect(String(lines.find((entry) => entry.msg === 'callback refused')?.reason)).to.match(reason);
        }
      });

      it('answers 502 and records the failure when the SubscribeURL does not confirm, so SNS sends it again', async () => {
        sns.confirmStatus = 403;
        const message = sns.message('SubscriptionConfirmation');
        const answer = await postSns(AUTO, message);
        expect(answer.status).to.equal(502);
        expect(answer.body.message).to.match(/SubscribeURL answered 403/);
        expect((await confirmationsOf(AUTO)).confirmations[0]).to.deep.include({
          messageId: message.MessageId,
          outcome: 'failed',
          reason: 'SubscribeURL answered 403',
        });
        expect(JSON.stringify(lines)).to.not.include(message.token);
      });

      it('records an UnsubscribeConfirmation and answers 200 without fetching anything', async () => {
        const message = sns.message('UnsubscribeConfirmation');
        const answer = await postSns(AUTO, message);
        expect(answer.status).to.equal(200);
        expect(answer.body).to.deep.equal({ handshake: 'UnsubscribeConfirmation', outcome: 'ignored' });
        expect(sns.requests).to.deep.equal([]);
        expect((await confirmationsOf(AUTO)).confirmations[0]).to.deep.include({
          messageType: 'UnsubscribeConfirmation',
          outcome: 'ignored',
        });
      });

      it('refuses a body that is not an SNS message, and text/plain without the SNS header stays refused', async () => {
        const broken = await postJson(service.urlOf(MANUAL), '{"Type":"SubscriptionConfirmation"}', {
          'content-type': 'text/plain',
          'x-amz-sns-message-type': 'SubscriptionConfirmation',
        });
        expect(broken.status).to.equal(400);
        expect(broken.body.message).to.match(/\$\.Message is missing or not a string/);
        const { token: _token, ...body } = sns.message('SubscriptionConfirmation');
        const plain = await postJson(service.urlOf(MANUAL), JSON.stringify(body), { 'content-type': 'text/plain' });
        expect(plain.status).to.equal(415);
        const native = await postJson(service.urlOf(NATIVE), JSON.stringify(body), {
          'content-type': 'text/plain',
          'x-amz-sns-message-type': 'SubscriptionConfirmation',
        });
        expect(native.status).to.equal(415);
      });

      it('answers 404 for the confirmations of an unknown webhook', async () => {
        const answer = await api(service.baseUrl, 'GET', '/api/webhooks/nothing/subscription-confirmations');
        expect(answer.status).to.equal(404);
      });
    });
  });
}
