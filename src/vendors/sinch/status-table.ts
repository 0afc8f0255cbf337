// Sinch SMS delivery statuses (SDK enum; Intermediate/Final per the delivery-report-statuses page).
// Intermediate ones (Queued, Dispatched) only come in per-recipient reports. Codes are kept raw.
import { final, intermediate, type StatusTable } from '../../template/status-table.ts';

export const SINCH_STATUSES: StatusTable = {
  queued: intermediate('queued'),
  dispatched: intermediate('sent'),
  aborted: final('failed'),
  cancelled: final('canceled'),
  rejected: final('rejected'),
  deleted: final('canceled'),
  delivered: final('delivered'),
  failed: final('failed'),
  expired: final('expired'),
  unknown: final('unknown'),
};
