// A consent reply announces a state ("you are unsubscribed"). Two messages of one person handled at once (by two
// instances, say) both queue their reply, and the outbox may hold them out of the order their consent changes
// were made in. So a reply whose state the consent has left is not sent once a reply announcing the current
// state went out: the person's last reply then never contradicts their consent. In order (a backlog of STOP,
// then YES), both still go, the STOP's first.
import type { ConsentState } from '../consent/consent-state.ts';

const ANNOUNCED: Readonly<Record<string, readonly ConsentState[]>> = {
  'opt-out': ['opted-out'],
  'opt-in': ['opted-in'],
  'double-opt-in': ['pending', 'opted-in'],
};

/** How far back a reply that announced the current state is looked for. */
export const SUPERSEDING_WINDOW_MS = 10 * 60_000;

/** The categories whose reply announces a consent state. */
export const CONSENT_REPLY_CATEGORIES: ReadonlySet<string> = new Set(Object.keys(ANNOUNCED));

export function announces(category: string, state: ConsentState): boolean {
  return ANNOUNCED[category]?.includes(state) ?? false;
}

/** Why the reply is not sent (the suppression reason), or null to send it. */
export function supersededReply(
  category: string,
  current: ConsentState | null,
  sentCategories: readonly string[],
): string | null {
  if (!CONSENT_REPLY_CATEGORIES.has(category) || current === null || announces(category, current)) return null;
  if (!sentCategories.some((sent) => announces(sent, current))) return null;
  return `the consent has moved since this ${category} reply was queued, and the person was told: it is now ${current}`;
}
