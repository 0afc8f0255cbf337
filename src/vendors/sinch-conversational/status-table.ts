// Sinch Conversation API delivery statuses. QUEUED_ON_CHANNEL: handed to the channel (sent);
// SWITCHING_CHANNEL: failed on one channel, being retried on the next (still queued). Reason codes stay raw.
import { final, intermediate, type StatusTable } from '../../template/status-table.ts';

export const SINCH_CONVERSATION_STATUSES: StatusTable = {
  queued_on_channel: intermediate('sent'),
  switching_channel: intermediate('queued'),
  delivered: final('delivered'),
  read: final('read'),
  failed: final('failed'),
};
