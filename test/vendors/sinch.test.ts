import { expect } from 'chai';
import { extractorFor } from '../../src/vendors/vendor-registry.ts';

const sinch = extractorFor('sinch');
const MO = {
  id: '01W4',
  from: '12015555555',
  to: '12017777777',
  body: 'STOP',
  received_at: '2024-06-06T07:52:37.386Z',
};

describe('the Sinch SMS vendor', () => {
  it('marks mo_binary events as binary so their base64 body is never keyword-matched', () => {
    const text = sinch.extract({ ...MO, type: 'mo_text' });
    const binary = sinch.extract({ ...MO, type: 'mo_binary', body: 'U1RPUA==' });
    expect(text.kind === 'inbound' && text.events[0]?.binary).to.equal(undefined);
    expect(binary.kind === 'inbound' && binary.events[0]?.binary).to.equal(true);
  });

  it('acknowledges MMS delivery reports without events', () => {
    for (const type of ['delivery_report_mms', 'recipient_delivery_report_mms']) {
      const result = sinch.extract({ type, id: 'x' });
      expect(result.kind, type).to.equal('ignored');
      if (result.kind === 'ignored') expect(result.reason).to.include(type);
    }
  });

  it('reads an inbound MMS: its caption as the text, and the URL of its first media file', () => {
    const media = [
      { url: 'https://media.example/1.jpg', content_type: 'image/jpeg', status: 'Uploaded', code: 0 },
      { url: 'https://media.example/2.png', content_type: 'image/png', status: 'Uploaded', code: 0 },
    ];
    const captioned = sinch.extract({ ...MO, type: 'mo_media', body: { subject: 'Hi', message: 'STOP', media } });
    expect(captioned.kind === 'inbound' && captioned.events[0]).to.deep.include({
      inboundMessage: 'STOP',
      mediaUrl: 'https://media.example/1.jpg',
      requestId: '01W4',
    });
    const uncaptioned = sinch.extract({ ...MO, type: 'mo_media', body: { media } });
    expect(uncaptioned.kind === 'inbound' && uncaptioned.events[0]).to.deep.include({
      inboundMessage: null,
      mediaUrl: 'https://media.example/1.jpg',
    });
    const empty = sinch.extract({ ...MO, type: 'mo_media', body: {} });
    expect(empty.kind === 'inbound' && empty.events[0]).to.deep.include({ inboundMessage: null, mediaUrl: null });
    expect(sinch.extract({ ...MO, type: 'mo_media', body: { message: 7 } })).to.include({
      kind: 'mismatch',
      path: '$.body.message',
    });
  });

  it('an unknown or missing type is a mismatch at $.type', () => {
    expect(sinch.extract({ ...MO, type: 'mo_hologram' })).to.include({ kind: 'mismatch', path: '$.type' });
    expect(sinch.extract(MO)).to.include({ kind: 'mismatch', path: '$.type' });
  });

  it('a callback of the other kind than the webhook expects is a mismatch', () => {
    const result = sinch.extract({ ...MO, type: 'mo_text' }, 'feedback');
    expect(result).to.include({ kind: 'mismatch', path: '$.type' });
  });

  it('maps every documented status, intermediate ones not final, and tolerates unknown ones', () => {
    const report = (status: string) =>
      sinch.extract({
        type: 'recipient_delivery_report_sms',
        batch_id: 'b',
        recipient: '1',
        code: 0,
        status,
        client_reference: '',
      });
    const meanings = ['Queued', 'Dispatched', 'Delivered', 'Aborted', 'Cancelled', 'Expired', 'Something new'].map(
      (status) => {
        const result = report(status);
        if (result.kind !== 'feedback') throw new Error(`not feedback: ${JSON.stringify(result)}`);
        return [result.events[0]?.statuses[0]?.canonical, result.events[0]?.statuses[0]?.final];
      },
    );
    expect(meanings).to.deep.equal([
      ['queued', false],
      ['sent', false],
      ['delivered', true],
      ['failed', true],
      ['canceled', true],
      ['expired', true],
      ['unknown', false],
    ]);
  });

  it('an empty client reference is null', () => {
    const result = sinch.extract({
      type: 'recipient_delivery_report_sms',
      batch_id: 'b',
      client_reference: '',
      code: 0,
      status: 'Delivered',
    });
    expect(result.kind === 'feedback' && result.events[0]?.clientReference).to.equal(null);
  });
});
