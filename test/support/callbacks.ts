// Builds provider callback bodies shaped like the corpus, for end-to-end tests over HTTP.

export interface InboundSpec {
  requestId: string;
  from: string; // E.164
  to: string; // E.164
  text: string;
  at: Date;
}

export interface FeedbackSpec {
  reference: string; // client reference and message id
  to: string;
  /**
   * `queued` is another intermediate status than `intermediate`: a distinct callback (its idempotency key
   * differs), so a late one is not answered as a replay.
   */
  outcome: 'delivered' | 'failed' | 'intermediate' | 'queued';
}

export interface VendorCallbacks {
  inbound(spec: InboundSpec): unknown;
  feedback(spec: FeedbackSpec): unknown;
}

const digits = (e164: string) => e164.replace(/^\+/, '');
const infobipTime = (at: Date) => at.toISOString().replace('Z', '+0000');
const vonageTime = (at: Date) => at.toISOString().slice(0, 19).replace('T', ' ');

export const sinch: VendorCallbacks = {
  inbound: ({ requestId, from, to, text, at }) => ({
    type: 'mo_text',
    id: requestId,
    from: digits(from),
    to: digits(to),
    body: text,
    operator_id: '311071',
    received_at: at.toISOString(),
  }),
  feedback: ({ reference, to, outcome }) => ({
    type: 'recipient_delivery_report_sms',
    batch_id: reference,
    recipient: digits(to),
    client_reference: reference,
    at: new Date().toISOString(),
    ...(outcome === 'delivered'
      ? { code: 0, status: 'Delivered' }
      : outcome === 'failed'
        ? { code: 402, status: 'Aborted' }
        : outcome === 'queued'
          ? { code: 400, status: 'Queued' }
          : { code: 401, status: 'Dispatched' }),
  }),
};

export const sinchConversational: VendorCallbacks = {
  inbound: ({ requestId, from, to, text, at }) => ({
    app_id: '01E3S8B6YCMRNR0GGM94H80ACX',
    accepted_time: at.toISOString(),
    event_time: at.toISOString(),
    project_id: 'c36f3d3d-1513-4edd-ae42-11995557ff61',
    message: {
      id: requestId,
      direction: 'TO_APP',
      contact_message: { text_message: { text } },
      channel_identity: { channel: 'SMS', identity: digits(from), app_id: '' },
      conversation_id: '01FNV9VKCVZ6S6FVGKF62QBZ75',
      contact_id: '01FNV9VK83AMY60JPNHZ7YE9X6',
      metadata: '',
      accept_time: at.toISOString(),
      sender_id: digits(to),
      processing_mode: 'CONVERSATION',
      injected: false,
    },
    message_metadata: '',
  }),
  feedback: ({ reference, to, outcome }) => ({
    app_id: '01E3S8B6YCMRNR0GGM94H80ACX',
    accepted_time: new Date().toISOString(),
    event_time: new Date().toISOString(),
    project_id: 'c36f3d3d-1513-4edd-ae42-11995557ff61',
    correlation_id: reference,
    message_delivery_report: {
      message_id: reference,
      conversation_id: '',
      contact_id: '',
      metadata: '',
      processing_mode: 'DISPATCH',
      channel_identity: { channel: 'SMS', identity: digits(to), app_id: '' },
      ...(outcome === 'delivered'
        ? { status: 'DELIVERED' }
        : outcome === 'failed'
          ? {
              status: 'FAILED',
              reason: { code: 'RECIPIENT_NOT_REACHABLE', description: 'x', sub_code: 'UNSPECIFIED_SUB_CODE' },
            }
          : outcome === 'queued'
            ? { status: 'SWITCHING_CHANNEL' }
            : { status: 'QUEUED_ON_CHANNEL' }),
    },
    message_metadata: '',
  }),
};

export const infobip: VendorCallbacks = {
  inbound: ({ requestId, from, to, text, at }) => ({
    results: [
      {
        messageId: requestId,
        from: digits(from),
        to: digits(to),
        text,
        cleanText: text,
        keyword: '',
        receivedAt: infobipTime(at),
        smsCount: 1,
        price: { pricePerMessage: 0, currency: 'EUR' },
      },
    ],
    messageCount: 1,
    pendingMessageCount: 0,
  }),
  feedback: ({ reference, to, outcome }) => ({
    results: [
      {
        bulkId: `bulk-${reference}`,
        messageId: reference,
        to: digits(to),
        callbackData: reference,
        sentAt: infobipTime(new Date()),
        doneAt: infobipTime(new Date()),
        messageCount: 1,
        ...(outcome === 'delivered'
          ? {
              status: { groupId: 3, groupName: 'DELIVERED', id: 5, name: 'DELIVERED_TO_HANDSET', description: '' },
              error: { groupId: 0, groupName: 'OK', id: 0, name: 'NO_ERROR', description: '', permanent: false },
            }
          : outcome === 'failed'
            ? {
                status: {
                  groupId: 2,
                  groupName: 'UNDELIVERABLE',
                  id: 9,
                  name: 'UNDELIVERABLE_NOT_DELIVERED',
                  description: '',
                },
                error: {
                  groupId: 1,
                  groupName: 'HANDSET_ERRORS',
                  id: 1,
                  name: 'EC_UNKNOWN_SUBSCRIBER',
                  description: '',
                  permanent: true,
                },
              }
            : outcome === 'queued'
              ? // Infobip keys a status by its group: a second PENDING differs from the first by its error.
                {
                  status: {
                    groupId: 1,
                    groupName: 'PENDING',
                    id: 3,
                    name: 'PENDING_WAITING_DELIVERY',
                    description: '',
                  },
                  error: {
                    groupId: 1,
                    groupName: 'HANDSET_ERRORS',
                    id: 27,
                    name: 'EC_ABSENT_SUBSCRIBER',
                    description: '',
                    permanent: false,
                  },
                }
              : {
                  status: { groupId: 1, groupName: 'PENDING', id: 7, name: 'PENDING_ENROUTE', description: '' },
                  error: { groupId: 0, groupName: 'OK', id: 0, name: 'NO_ERROR', description: '', permanent: false },
                }),
      },
    ],
  }),
};

export const vonage: VendorCallbacks = {
  inbound: ({ requestId, from, to, text, at }) => ({
    msisdn: digits(from),
    to: digits(to),
    messageId: requestId,
    text,
    type: 'text',
    keyword: text.split(' ')[0]?.toUpperCase() ?? '',
    'api-key': 'abcd1234',
    'message-timestamp': vonageTime(at),
  }),
  feedback: ({ reference, to, outcome }) => ({
    msisdn: digits(to),
    to: 'AcmeInc',
    'network-code': '12345',
    messageId: reference,
    price: '0.0333',
    status:
      outcome === 'delivered'
        ? 'delivered'
        : outcome === 'failed'
          ? 'failed'
          : outcome === 'queued'
            ? 'accepted'
            : 'buffered',
    scts: '2001011400',
    'err-code': outcome === 'failed' ? '3' : '0',
    'api-key': 'abcd1234',
    'client-ref': reference,
    'message-timestamp': vonageTime(new Date()),
  }),
};

export const telnyx: VendorCallbacks = {
  inbound: ({ requestId, from, to, text, at }) => ({
    data: {
      record_type: 'event',
      id: `evt-${requestId}`,
      event_type: 'message.received',
      occurred_at: at.toISOString(),
      payload: {
        record_type: 'message',
        direction: 'inbound',
        id: requestId,
        type: 'SMS',
        from: { phone_number: from, carrier: 'T-MOBILE USA, INC.', line_type: 'Wireless' },
        to: [{ phone_number: to, status: 'delivered' }],
        text,
        media: [],
        received_at: at.toISOString(),
        errors: [],
      },
    },
    meta: { attempt: 1, delivered_to: 'https://example.com/hooks' },
  }),
  feedback: ({ reference, to, outcome }) => ({
    data: {
      record_type: 'event',
      id: `evt-${reference}-${outcome}`,
      event_type: outcome === 'intermediate' || outcome === 'queued' ? 'message.sent' : 'message.finalized',
      occurred_at: new Date().toISOString(),
      payload: {
        record_type: 'message',
        direction: 'outbound',
        id: reference,
        type: 'SMS',
        from: { phone_number: '+15550104' },
        to: [
          {
            phone_number: to,
            status:
              outcome === 'delivered'
                ? 'delivered'
                : outcome === 'failed'
                  ? 'delivery_failed'
                  : outcome === 'queued'
                    ? 'queued'
                    : 'sent',
          },
        ],
        errors: outcome === 'failed' ? [{ code: '40008', title: 'Undeliverable', detail: 'x' }] : [],
      },
    },
    meta: { attempt: 1, delivered_to: 'https://example.com/hooks' },
  }),
};
