// Sinch SMS REST API: one webhook for MOs and delivery reports, told apart by `type`.
// An inbound MMS (mo_media) is an inbound event: its caption is classified like a text, its first media URL
// is kept on the event, and one without a caption is stored, never classified. MMS delivery reports
// (delivery_report_mms, recipient_delivery_report_mms) are acknowledged and ignored: Optline sends SMS only,
// so none can refer to its messages.
import { statusLookup } from '../../template/status-table.ts';
import { loadTemplate } from '../load-template.ts';
import { templateVendor } from '../template-vendor.ts';
import type { CallbackExtractor } from '../callback-extractor.ts';
import { SINCH_STATUSES } from './status-table.ts';

const statusOf = statusLookup(SINCH_STATUSES);
const here = import.meta.url;

const MMS_IGNORED = 'MMS delivery reports are not used by Optline (it sends SMS only)';

export const sinchExtractor: CallbackExtractor = templateVendor({
  id: 'sinch',
  templates: {
    'mo-text': loadTemplate(here, './mo-text.template.json', { kind: 'inbound' }),
    // The body of a binary MO is base64: the events say so, and keyword matching must skip them.
    'mo-binary': loadTemplate(here, './mo-binary.template.json', { kind: 'inbound', binary: true }),
    'mo-media': loadTemplate(here, './mo-media.template.json', { kind: 'inbound' }),
    'delivery-report': loadTemplate(here, './delivery-report.template.json', { kind: 'feedback', statusOf }),
    'recipient-delivery-report': loadTemplate(here, './recipient-delivery-report.template.json', {
      kind: 'feedback',
      statusOf,
    }),
  },
  dispatch: {
    by: 'field',
    field: 'type',
    label: 'Sinch SMS callback type',
    routes: {
      mo_text: 'mo-text',
      mo_binary: 'mo-binary',
      delivery_report_sms: 'delivery-report',
      recipient_delivery_report_sms: 'recipient-delivery-report',
      mo_media: 'mo-media',
      delivery_report_mms: { ignore: `delivery_report_mms: ${MMS_IGNORED}` },
      recipient_delivery_report_mms: { ignore: `recipient_delivery_report_mms: ${MMS_IGNORED}` },
    },
  },
});
