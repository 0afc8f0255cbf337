// Statuses for Custom providers: the words providers commonly use (Vonage, Telnyx, Twilio-style), each
// mapped once. Here rather than under vendors/custom because every template compiled without a vendor's own
// table (compileTemplate: admin-authored templates) reads statuses with it.
// Keys are lower case; lookups are case-insensitive. Anything else is unknown and not final.
import { final, intermediate, type StatusTable } from './status-table.ts';

export const CUSTOM_STATUSES: StatusTable = {
  accepted: intermediate('queued'),
  buffered: intermediate('queued'),
  queued: intermediate('queued'),
  pending: intermediate('queued'),
  enroute: intermediate('queued'),
  sending: intermediate('queued'),
  sent: intermediate('sent'),
  dispatched: intermediate('sent'),
  delivered: final('delivered'),
  undelivered: final('undelivered'),
  undeliverable: final('undelivered'),
  delivery_unconfirmed: final('unknown'),
  failed: final('failed'),
  sending_failed: final('failed'),
  delivery_failed: final('failed'),
  rejected: final('rejected'),
  expired: final('expired'),
  canceled: final('canceled'),
  cancelled: final('canceled'),
  read: final('read'),
  seen: final('read'),
};
