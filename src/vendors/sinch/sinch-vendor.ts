// Sinch SMS REST API: one webhook for MOs and delivery reports, told apart by `type`.
// MMS callbacks (mo_media, delivery_report_mms, recipient_delivery_report_mms) are acknowledged and
// ignored: Optline sends SMS only, so no MMS report can refer to its messages, and it does not read media.
import { statusLookup } from '../../template/status-table.ts';
import { loadTemplate } from '../load-template.ts';
import { templateVendor } from '../template-vendor.ts';
import type { CallbackExtractor } from '../callback-extractor.ts';
import { SINCH_STATUSES } from './status-table.ts';

const statusOf = statusLookup(SINCH_STATUSES);
const here = import.meta.url;

const MMS_IGNORED = 'MMS callbacks are not used by Optline (SMS only)';

export const sinchExtractor: CallbackExtractor = templateVendor({
  id: 'sinch',
  templates: {
    'mo-text': loadTemplate(here, './mo-text.template.json', { kind: 'inbound' }),
    // The body of a binary MO is base64: the events say so, and keyword matching must skip them.
    'mo-binary': loadTemplate(here, './mo-binary.template.json', { kind: 'inbound', binary: true }),
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
      mo_media: { ignore: `mo_media: ${MMS_IGNORED}` },
      delivery_report_mms: { ignore: `delivery_report_mms: ${MMS_IGNORED}` },
      recipient_delivery_report_mms: { ignore: `recipient_delivery_report_mms: ${MMS_IGNORED}` },
    },
  },
});
