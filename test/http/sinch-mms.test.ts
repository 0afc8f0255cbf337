import { expect } from 'chai';
import type { Store } from '../../src/store/store.ts';
import { api } from '../support/admin-api.ts';
import { backends } from '../support/store-backends.ts';
import { postJson, startService, type RunningService } from '../support/service.ts';

const PERSON = '+12025550911';
const PHOTO = 'https://media.example/1.jpg';

/** A Sinch mo_media callback as the SMS REST API posts it (MmsMoBody: subject, message, media[]). */
function mms(id: string, caption: string | undefined) {
  return {
    type: 'mo_media',
    id,
    from: PERSON.slice(1),
    to: '15550100',
    body: {
      ...(caption === undefined ? {} : { message: caption }),
      media: [{ url: PHOTO, content_type: 'image/jpeg', status: 'Uploaded', code: 0 }],
    },
    received_at: '2024-05-01T10:00:00Z',
    operator_id: '311071',
  };
}

for (const backend of backends()) {
  describe(`inbound Sinch MMS over HTTP, on the ${backend.name}`, () => {
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

    const eventOf = async (requestId: string) => {
      const response = await api(service.baseUrl, 'GET', `/api/events?profileNumber=${PERSON.slice(1)}`);
      expect(response.status).to.equal(200);
      const events = response.body.events as Array<{ requestId: string } & Record<string, unknown>>;
      return events.find((event) => event.requestId === requestId);
    };

    it('opts the sender out on a captioned MMS "STOP", and keeps its media URL on the event', async () => {
      const response = await postJson(service.urlOf('e2e-sinch'), mms('mms-1', 'STOP'));
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
      const consent = await api(service.baseUrl, 'GET', `/api/consents/${PERSON}`);
      expect((consent.body.consents as unknown[])[0]).to.deep.include({
        senderNumber: '+15550100',
        state: 'opted-out',
      });
      const event = await eventOf('mms-1');
      expect(event).to.deep.include({ category: 'opt-out', binary: false });
      expect(event?.event).to.deep.include({ inboundMessage: 'STOP', mediaUrl: PHOTO });
    });

    it('stores an MMS without caption, unclassified, and leaves consent alone', async () => {
      const response = await postJson(service.urlOf('e2e-sinch'), mms('mms-2', undefined));
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
      const event = await eventOf('mms-2');
      expect(event).to.deep.include({ category: null, keyword: null, consentChanged: false, outboxId: null });
      expect(event?.event).to.deep.include({ inboundMessage: null, mediaUrl: PHOTO });
      expect(event?.explanation).to.deep.equal({ skipped: 'no text (media only)' });
    });
  });
}
