// Infobip status groups (status.groupName); the code is error.id (0 = NO_ERROR), kept raw.
// A seen report has no status at all, only seenAt: it means `read` (see infobip-vendor.ts).
import { final, intermediate, lookupStatus, type StatusMeaning, type StatusTable } from '../status-table.ts';
import type { ExtractedRecord } from '../../template/extracted-record.ts';

export const INFOBIP_STATUSES: StatusTable = {
  accepted: intermediate('queued'),
  pending: intermediate('queued'),
  undeliverable: final('undelivered'),
  delivered: final('delivered'),
  expired: final('expired'),
  rejected: final('rejected'),
};

export function infobipStatusOf(raw: { status: unknown }, values: ExtractedRecord['values']): StatusMeaning {
  const seenAt = values.seenAt;
  if (raw.status === null && seenAt !== null && seenAt !== undefined) return final('read');
  return lookupStatus(INFOBIP_STATUSES, raw.status);
}
