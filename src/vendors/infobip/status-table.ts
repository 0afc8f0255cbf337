// Infobip status groups (status.groupName); the code is error.id (0 = NO_ERROR), kept raw.
// A seen report has no status at all, only seenAt: it means `read` (see infobip-vendor.ts).
import {
  final,
  intermediate,
  statusLookup,
  type StatusMeaning,
  type StatusTable,
} from '../../template/status-table.ts';
import type { ExtractedRecord } from '../../template/extracted-record.ts';

export const INFOBIP_STATUSES: StatusTable = {
  accepted: intermediate('queued'),
  pending: intermediate('queued'),
  undeliverable: final('undelivered'),
  delivered: final('delivered'),
  expired: final('expired'),
  rejected: final('rejected'),
};

const meaningOf = statusLookup(INFOBIP_STATUSES);

export function infobipStatusOf(status: unknown, _code: unknown, values: ExtractedRecord['values']): StatusMeaning {
  const seenAt = values.seenAt;
  if (status === null && seenAt !== null && seenAt !== undefined) return final('read');
  return meaningOf(status);
}
