// Sinch Conversation API: one webhook; the top-level key names the callback (a `trigger` key is optional).
// Only text messages from contacts and delivery reports make events; every other documented callback is
// acknowledged and ignored (a 2xx, so Sinch does not retry it).
import { statusLookup } from '../../template/status-table.ts';
import { loadTemplate } from '../load-template.ts';
import { templateVendor, type Route } from '../template-vendor.ts';
import type { CallbackExtractor } from '../callback-extractor.ts';
import { SINCH_CONVERSATION_STATUSES } from './status-table.ts';

const statusOf = statusLookup(SINCH_CONVERSATION_STATUSES);
const here = import.meta.url;

/** Callbacks of the Conversation API that carry nothing Optline records (SDK-node callbacks-webhook.ts). */
const OTHER_CALLBACKS = [
  'event',
  'event_delivery_report',
  'message_submit_notification',
  'message_inbound_smart_conversation_redaction',
  'contact_create_notification',
  'contact_delete_notification',
  'contact_merge_notification',
  'contact_update_notification',
  'contact_identities_duplication_notification',
  'conversation_start_notification',
  'conversation_stop_notification',
  'conversation_delete_notification',
  'capability_notification',
  'opt_in_notification',
  'opt_out_notification',
  'channel_event_notification',
  'unsupported_callback',
  'smart_conversation_notification',
  'record_notification',
];

const routes: Record<string, Route> = {
  message: {
    template: 'message-inbound',
    unless: {
      path: ['message', 'contact_message', 'text_message'],
      ignore: 'message: not a text message (media, location, choice, ...)',
    },
  },
  message_delivery_report: 'message-delivery',
};
for (const key of OTHER_CALLBACKS) routes[key] = { ignore: `${key}: not used by Optline` };

export const sinchConversationalExtractor: CallbackExtractor = templateVendor({
  id: 'sinch-conversational',
  templates: {
    'message-inbound': loadTemplate(here, './message-inbound.template.json', { kind: 'inbound' }),
    'message-delivery': loadTemplate(here, './message-delivery.template.json', { kind: 'feedback', statusOf }),
  },
  dispatch: { by: 'key', label: 'Sinch Conversation callback', routes },
});
