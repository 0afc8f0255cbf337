import { expect } from 'chai';
import { extractorFor } from '../../src/vendors/vendor-registry.ts';

const conversation = extractorFor('sinch-conversational');

describe('the Sinch Conversation vendor', () => {
  it('ignores the other documented callbacks with a reason', () => {
    for (const key of [
      'event',
      'contact_create_notification',
      'conversation_start_notification',
      'opt_out_notification',
    ]) {
      const result = conversation.extract({ app_id: 'a', [key]: {} });
      expect(result, key).to.deep.include({ kind: 'ignored', events: [] });
    }
  });

  it('ignores an inbound message that is not text, and extracts one that is, with or without a trigger', () => {
    const media = conversation.extract({
      message: { id: 'm', contact_message: { media_message: { url: 'https://x' } } },
    });
    expect(media.kind).to.equal('ignored');
    const text = conversation.extract({
      trigger: 'MESSAGE_INBOUND',
      message: {
        id: 'm',
        contact_message: { text_message: { text: 'STOP' } },
        channel_identity: { identity: '46702571492' },
        accept_time: '2020-04-24T08:02:50.150Z',
        sender_id: '46701234567',
      },
    });
    expect(text.kind === 'inbound' && text.events[0]?.inboundMessage).to.equal('STOP');
  });

  it('a body with no known top-level key is a mismatch', () => {
    expect(conversation.extract({ app_id: 'a', surprise: {} })).to.include({ kind: 'mismatch', path: '$' });
  });

  it('maps QUEUED_ON_CHANNEL and SWITCHING_CHANNEL as intermediate, READ as final', () => {
    const canonical = (status: string) => {
      const result = conversation.extract({ message_delivery_report: { message_id: 'm', status } });
      if (result.kind !== 'feedback') throw new Error('not feedback');
      const first = result.events[0]?.statuses[0];
      return [first?.canonical, first?.final];
    };
    expect(['QUEUED_ON_CHANNEL', 'SWITCHING_CHANNEL', 'READ', 'FAILED'].map(canonical)).to.deep.equal([
      ['sent', false],
      ['queued', false],
      ['read', true],
      ['failed', true],
    ]);
  });
});
