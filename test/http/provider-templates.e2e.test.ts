// Custom webhooks whose templates fit real providers, over HTTP on every store: an AWS End User Messaging
// message inside an SNS envelope (JSON inside a string, posted as text/plain, no timestamp, no number texted),
// and an Event Grid-style delivery report with no failure code and statuses mapped by the rule file's statusMap.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Store } from '../../src/store/store.ts';
import { backends } from '../support/store-backends.ts';
import { postJson, startService, type RunningService } from '../support/service.ts';
import { startServiceProcess } from '../support/service-process.ts';
import { until } from '../support/until.ts';

const SENDER = '+15550190';

const SNS_INBOUND = `{
  "Type": "Notification",
  "Message": { "{{json}}": {
    "eventType": "TEXT_RECEIVED",
    "messageId": "{{requestId}}",
    "originationNumber": "{{profileNumber}}",
    "messageBody": "{{inboundMessage}}"
  } }
}`;

const PLAIN_INBOUND = `{ "id": "{{requestId}}", "from": "{{profileNumber}}", "to": "{{inboundNumber}}",
  "text": "{{inboundMessage}}", "at": "{{originTimestamp}}" }`;

const GRID_INBOUND = `[ { "eventType": "Microsoft.Communication.SMSReceived", "data": { "messageId": "{{requestId}}",
  "from": "{{profileNumber}}", "to": "{{inboundNumber}}", "message": "{{inboundMessage}}",
  "receivedTimestamp": "{{originTimestamp}}" } } ]`;

const ONE_OR_MANY = `{ "{{each}}": { "type": "mo", "id": "{{requestId}}", "from": "{{profileNumber}}",
  "text": "{{inboundMessage}}" } }`;

const DELIVERY_REPORT = `{ "data": { "messageId": "{{client_reference}}", "deliveryStatus": "{{feedbackStatus}}" } }`;

const TIMED_REPORT = `{ "data": { "messageId": "{{client_reference}}", "deliveryStatus": "{{feedbackStatus}}",
  "deliveryStatusDetails": { "statusMessage": "{{statusDetail}}" }, "receivedTimestamp": "{{statusTimestamp}}" } }`;

function writeWebhook(dir: string, id: string, type: 'inbound' | 'feedback', extra: Record<string, unknown>): void {
  const credentials = `${id}-creds`;
  const rule = { id, name: id, version: '1.0.0', vendor: 'custom', credentials, senderNumber: SENDER, type, ...extra };
  writeFileSync(join(dir, `${id}.webhook.json`), JSON.stringify(rule, null, 2));
  writeFileSync(
    join(dir, `${credentials}.credentials.json`),
    JSON.stringify({
      name: credentials,
      vendor: 'custom',
      baseUrl: 'http://127.0.0.1:9',
      accountId: 'a',
      secretEnv: 'E2E_UNSET',
      options: {},
    }),
  );
  writeFileSync(join(dir, `${id}.channel.json`), JSON.stringify({ name: id, credentials, senderNumbers: [SENDER] }));
}

let sequence = 0;
const nextId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++sequence}`;
const person = () => `+1202556${String(1000 + (sequence++ % 9000)).padStart(4, '0')}`;

for (const backend of backends()) {
  describe(`Custom templates for real providers over HTTP, on the ${backend.name}`, function () {
    let store: Store;
    let service: RunningService;
    let rulesDir: string;

    before(async () => {
      rulesDir = mkdtempSync(join(tmpdir(), 'optline-provider-templates-'));
      const send = { url: 'http://127.0.0.1:9/send', body: '{{json text}}' };
      writeWebhook(rulesDir, 'aws-sns-in', 'inbound', { payload: JSON.parse(SNS_INBOUND), send });
      writeWebhook(rulesDir, 'plain-in', 'inbound', { payload: JSON.parse(PLAIN_INBOUND), send });
      writeWebhook(rulesDir, 'grid-dlr', 'feedback', {
        payload: JSON.parse(DELIVERY_REPORT),
        statusMap: { DeliveredToHandset: 'delivered', CARRIER_UNREACHABLE: 'undelivered', InFlight: 'sent' },
      });
      writeWebhook(rulesDir, 'grid-timed-dlr', 'feedback', {
        payload: JSON.parse(TIMED_REPORT),
        statusMap: { InFlight: 'sent', Failed: 'failed' },
      });
      writeWebhook(rulesDir, 'grid-in', 'inbound', { payload: JSON.parse(GRID_INBOUND), send });
      writeWebhook(rulesDir, 'one-or-many-in', 'inbound', { payload: JSON.parse(ONE_OR_MANY), send });
      store = await backend.open();
      service = await startService({ store, rulesDir, env: {} });
    });
    after(async () => {
      await service.close();
      await store.close();
      rmSync(rulesDir, { recursive: true, force: true });
    });

    const snsBody = (message: unknown) =>
      JSON.stringify({ Type: 'Notification', MessageId: nextId('sns'), Message: JSON.stringify(message) });

    it('takes an SNS notification posted as text/plain: the JSON in Message is the event', async () => {
      const from = person();
      const requestId = nextId('aws');
      const before = Date.now();
      const body = snsBody({
        eventType: 'TEXT_RECEIVED',
        messageId: requestId,
        originationNumber: from,
        messageBody: 'STOP',
      });
      const response = await postJson(service.urlOf('aws-sns-in'), body, {
        'content-type': 'text/plain; charset=UTF-8',
      });
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
      expect(response.body).to.include({ status: 'stored', events: 1 });
      const [event] = await store.listEvents({ profileNumber: from });
      expect(event?.requestId).to.equal(requestId);
      expect(event?.category).to.equal('opt-out');
      // No {{originTimestamp}}: the event's time is when Optline received it.
      expect(Date.parse(event?.eventTime ?? '')).to.be.within(before - 1000, Date.now() + 1000);
      expect(event?.eventTime).to.equal(event?.receivedAt);
      // No {{inboundNumber}}: the number texted is the webhook's senderNumber.
      expect((event?.event.normalized as Record<string, unknown>).inboundNumber).to.equal(SENDER);
      expect((await store.consent({ senderNumber: SENDER, profileNumber: from })).state).to.equal('opted-out');
    });

    it('refuses JSON inside Message that does not parse, naming the path, with 422', async () => {
      const body = JSON.stringify({ Type: 'Notification', Message: '{"eventType": "TEXT_RECEIVED", ' });
      const response = await postJson(service.urlOf('aws-sns-in'), body, { 'content-type': 'text/plain' });
      expect(response.status).to.equal(422);
      expect(JSON.stringify(response.body)).to.include('$.Message').and.include('expected a string holding JSON');
    });

    it('refuses __proto__ inside Message as it refuses it in a body', async () => {
      const body = JSON.stringify({
        Type: 'Notification',
        Message: '{"eventType": "TEXT_RECEIVED", "messageId": "x", "__proto__": {"polluted": 1}}',
      });
      const response = await postJson(service.urlOf('aws-sns-in'), body, { 'content-type': 'text/plain' });
      expect(response.status).to.equal(422);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('a webhook whose template expects no SNS envelope keeps refusing text/plain with 415', async () => {
      const body = { id: nextId('p'), from: person(), to: SENDER, text: 'HELP', at: '2026-01-01T00:00:00Z' };
      const refused = await postJson(service.urlOf('plain-in'), JSON.stringify(body), { 'content-type': 'text/plain' });
      expect(refused.status).to.equal(415);
      expect((await postJson(service.urlOf('plain-in'), body)).status).to.equal(200);
    });

    it('quotes the value found in a mismatch, cut at 40 characters', async () => {
      const eventType = 'TEXT_RECEIVED_BUT_SOMETHING_ELSE_ENTIRELY_AND_LONGER';
      const body = snsBody({ eventType, messageId: nextId('aws'), originationNumber: person(), messageBody: 'hi' });
      const response = await postJson(service.urlOf('aws-sns-in'), body, { 'content-type': 'text/plain' });
      expect(response.status).to.equal(422);
      expect(JSON.stringify(response.body)).to.include(
        `found the string \\"${eventType.slice(0, 40)}\\"... (${eventType.length} characters)`,
      );
    });

    it('maps a provider status through the rule file statusMap, with a null code when the template places none', async () => {
      const url = service.urlOf('grid-dlr');
      const reference = nextId('mt');
      const post = async (status: string) => {
        const response = await postJson(url, { data: { messageId: reference, deliveryStatus: status } });
        expect(response.status, JSON.stringify(response.body)).to.equal(200);
      };
      await post('InFlight');
      expect(await store.delivery(reference)).to.include({ status: 'sent', final: false });
      await post('deliveredtohandset');
      expect(await store.delivery(reference)).to.include({ status: 'delivered', final: true });
      const [record] = await store.listFeedback({ webhookId: 'grid-dlr', limit: 1 });
      expect(record?.status).to.deep.include({ code: null, status: 'deliveredtohandset', canonical: 'delivered' });
      const other = nextId('mt');
      await postJson(url, { data: { messageId: other, deliveryStatus: 'CARRIER_UNREACHABLE' } });
      expect(await store.delivery(other)).to.include({ status: 'undelivered', final: true });
    });

    it('orders reports by {{statusTimestamp}}, bounded by the receipt time, and keeps {{statusDetail}}', async () => {
      const url = service.urlOf('grid-timed-dlr');
      const reference = nextId('mt');
      const post = async (status: string, at: string, detail: string | null) => {
        const body = {
          data: {
            messageId: reference,
            deliveryStatus: status,
            receivedTimestamp: at,
            deliveryStatusDetails: { statusMessage: detail },
          },
        };
        const response = await postJson(url, body);
        expect(response.status, JSON.stringify(response.body)).to.equal(200);
      };
      await post('InFlight', '2026-01-01T00:00:10Z', null);
      expect(await store.delivery(reference)).to.include({ status: 'sent', statusTime: '2026-01-01T00:00:10.000Z' });
      // Timed before the report that made it "sent": it arrived late and changes nothing.
      await post('Failed', '2026-01-01T00:00:05Z', 'No route to destination');
      expect(await store.delivery(reference)).to.include({ status: 'sent', final: false });
      const [late] = await store.listFeedback({ webhookId: 'grid-timed-dlr', limit: 1 });
      expect(late?.event).to.include({
        statusDetail: 'No route to destination',
        statusTimestamp: '2026-01-01T00:00:05Z',
      });
      // A report timed far in the future is taken as timed at its receipt plus the allowed skew (300 s).
      const before = Date.now();
      await post('Failed', '2999-01-01T00:00:00Z', 'Carrier rejected');
      const failed = await store.delivery(reference);
      expect(failed).to.include({ status: 'failed', final: true });
      expect(Date.parse(failed?.statusTime ?? '')).to.be.within(before + 299_000, Date.now() + 301_000);
    });

    it('extracts the entries of a mixed body its template matches and counts the others as ignored', async () => {
      const from = person();
      const received = (id: string, text: string) => ({
        eventType: 'Microsoft.Communication.SMSReceived',
        data: { messageId: id, from, to: SENDER, message: text, receivedTimestamp: '2026-01-01T00:00:00Z' },
      });
      const report = { eventType: 'Microsoft.Communication.SMSDeliveryReportReceived', data: { messageId: 'x' } };
      const body = [received(nextId('grid'), 'HELP'), report, received(nextId('grid'), 'STOP'), report];
      const response = await postJson(service.urlOf('grid-in'), body);
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
      expect(response.body).to.deep.equal({ status: 'stored', kind: 'inbound', events: 2, duplicates: 0, ignored: 2 });
      expect((await store.listEvents({ profileNumber: from })).map((event) => event.category).sort()).to.deep.equal([
        'help',
        'opt-out',
      ]);
      // An entry of the right type that does not fit (a number where text belongs) still refuses the body.
      const broken = { ...received(nextId('grid'), 'x'), data: { messageId: nextId('grid'), from, message: 5 } };
      const refused = await postJson(service.urlOf('grid-in'), [report, broken]);
      expect(refused.status).to.equal(422);
      expect(JSON.stringify(refused.body)).to.include('$[1].data.message');
    });

    it('takes a bare event or an array of events with one {{each}} template', async () => {
      const url = service.urlOf('one-or-many-in');
      const from = person();
      const message = (text: string) => ({ type: 'mo', id: nextId('one'), from, text });
      const bare = await postJson(url, message('HELP'));
      expect(bare.status, JSON.stringify(bare.body)).to.equal(200);
      expect(bare.body).to.include({ status: 'stored', events: 1 });
      const many = await postJson(url, [message('STOP'), { type: 'dlr', id: 'x' }, message('Promo')]);
      expect(many.status, JSON.stringify(many.body)).to.equal(200);
      expect(many.body).to.include({ status: 'stored', events: 2, ignored: 1 });
      expect(await store.listEvents({ profileNumber: from })).to.have.length(3);
      // A bare event that does not fit is named without an index.
      const wrong = await postJson(url, { type: 'mo', id: nextId('one'), from, text: 7 });
      expect(wrong.status).to.equal(422);
      expect(JSON.stringify(wrong.body)).to.include('$.text');
    });
  });
}

describe('template warnings at start-up', function () {
  it('the built service logs a template that leaves out {{failureCode}}, located in its rule file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'optline-template-warning-'));
    try {
      writeWebhook(dir, 'grid-dlr', 'feedback', { payload: JSON.parse(DELIVERY_REPORT) });
      const service = await startServiceProcess({
        OPTLINE_RULES: dir,
        OPTLINE_DATA: join(dir, 'data'),
        OPTLINE_DISPATCH: 'off',
      });
      try {
        const wanted = `${join(dir, 'grid-dlr.webhook.json')}:9:14: warning: payload template (line 1, column 1 of the inline template): the template does not place {{failureCode}}: every status has a null code`;
        await until(() => service.output().includes(JSON.stringify(wanted).slice(1, -1)), { context: service.output });
      } finally {
        await service.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
