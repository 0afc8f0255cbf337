// Whether a webhook takes effect: its credentials exist and a channel configuration attaches them to its
// sender number; a webhook that names no credentials (a feedback webhook) sends nothing and takes effect as
// soon as it exists. A snapshot of the credentials' names and the channels, from files and the admin store
// (the admin layer, above this one, fills it in).

import { sameNumber } from './texted-number.ts';

/** What this check reads of a channel configuration. */
export interface AttachingChannel {
  name: string;
  credentials: string;
  senderNumbers: readonly string[];
}

export interface Attachments {
  credentials: ReadonlySet<string>;
  channels: readonly AttachingChannel[];
}

export const NO_ATTACHMENTS: Attachments = { credentials: new Set(), channels: [] };

/** Why a webhook with these credentials and sender number does not take effect; null when it does. */
export function inactiveReason(
  webhook: { credentials: string | null; senderNumber: string | null },
  attachments: Attachments,
): string | null {
  const { credentials: name, senderNumber } = webhook;
  // The rule-file schema demands both or neither, so one without the other does not occur.
  if (name === null || senderNumber === null) return null;
  if (!attachments.credentials.has(name)) {
    return `the webhook is not active: its credentials "${name}" do not exist (create them with POST /api/credentials or a ${name}.credentials.json file)`;
  }
  const channels = attachments.channels.filter((channel) => channel.credentials === name);
  if (channels.length === 0) {
    return `the webhook is not active: its credentials "${name}" are not attached to a channel configuration (create one with POST /api/channel-configurations listing ${senderNumber})`;
  }
  if (!channels.some((channel) => channel.senderNumbers.includes(senderNumber))) {
    const names = channels.map((channel) => `"${channel.name}"`).join(', ');
    return `the webhook is not active: no channel configuration attaching credentials "${name}" (${names}) lists its sender number ${senderNumber}`;
  }
  return null;
}

/** Whether a channel configuration attaches these credentials to this number: the credentials can send from it. */
export function sendsFrom(credentials: string | null, number: string, attachments: Attachments): boolean {
  // A webhook that names no credentials (a feedback webhook) sends from no number.
  if (credentials === null) return false;
  return attachments.channels.some(
    (channel) =>
      channel.credentials === credentials && channel.senderNumbers.some((listed) => sameNumber(listed, number)),
  );
}
