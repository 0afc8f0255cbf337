// Infobip: one webhook for inbound messages and one for reports, both `{"results": [...]}` batches
// (up to 100 reports per POST). Seen reports come through the report template and become `read`.
import { loadTemplate } from '../load-template.ts';
import { templateVendor } from '../template-vendor.ts';
import type { CallbackExtractor } from '../callback-extractor.ts';
import { infobipStatusOf } from './status-table.ts';

const here = import.meta.url;

export const infobipExtractor: CallbackExtractor = templateVendor({
  id: 'infobip',
  templates: {
    inbound: loadTemplate(here, './inbound.template.json', { kind: 'inbound' }),
    'delivery-report': loadTemplate(here, './delivery-report.template.json', {
      kind: 'feedback',
      statusOf: infobipStatusOf,
      extraPlaceholders: { seenAt: 'timestamp' },
    }),
  },
  dispatch: { by: 'order' },
});
