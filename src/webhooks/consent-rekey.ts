// Consent recorded under the rule file's sender number for events to another number of the same account (before
// consent was kept per number texted): which events move to the number texted, and each touched consent replayed
// from its events in recorded order. `optline consent rekey` prints the plan and has the store write it.
import { NO_CONSENT, type ConsentKey, type ConsentSnapshot } from '../consent/consent-state.ts';
import { NO_CONSENT_KEYWORD, transition, type ConsentEffect } from '../consent/transition.ts';
import type { InboundEvent } from '../events.ts';
import type { ConsentReplay, Store, StoredInbound } from '../store/store.ts';
import { textedNumber } from './texted-number.ts';

export interface RekeyedWebhook {
  id: string;
  senderNumber: string;
  consentScope: 'sender' | 'global';
}

export interface ConsentMove {
  webhookId: string;
  requestId: string;
  profileNumber: string;
  from: string;
  to: string;
  category: string | null;
}

export interface RekeyPlan {
  moves: ConsentMove[];
  replays: Array<ConsentReplay & { before: ConsentSnapshot; after: ConsentSnapshot }>;
}

/** Every event of a webhook or a person is read: a one-off repair, not a request path. */
const ALL = Number.MAX_SAFE_INTEGER;

/** `expiresAfterDays(webhookId)`: a webhook's doubleOptInExpiresAfterDays, for replaying its events. */
export async function planRekey(
  webhook: RekeyedWebhook,
  store: Store,
  expiresAfterDays: (webhookId: string) => number,
): Promise<RekeyPlan> {
  if (webhook.consentScope === 'global') return { moves: [], replays: [] };
  const moves: ConsentMove[] = [];
  for (const stored of (await store.listEvents({ webhookId: webhook.id, limit: ALL })).reverse()) {
    const key = stored.consentKey;
    if (key === null || key.senderNumber !== webhook.senderNumber) continue;
    const to = textedNumber(eventNumbers(stored.event), webhook.senderNumber);
    if (to === key.senderNumber) continue;
    const { webhookId, requestId, category } = stored;
    moves.push({ webhookId, requestId, profileNumber: key.profileNumber, from: key.senderNumber, to, category });
  }
  const replays: RekeyPlan['replays'] = [];
  const moved = new Map(moves.map((move) => [`${move.webhookId}\n${move.requestId}`, move.to]));
  for (const profileNumber of new Set(moves.map((move) => move.profileNumber))) {
    const events = (await store.listEvents({ profileNumber, limit: ALL })).reverse().flatMap((stored) => {
      const senderNumber = moved.get(`${stored.webhookId}\n${stored.requestId}`) ?? stored.consentKey?.senderNumber;
      return senderNumber === undefined ? [] : [{ stored, senderNumber }];
    });
    const senders = new Set([
      webhook.senderNumber,
      ...moves.filter((m) => m.profileNumber === profileNumber).map((m) => m.to),
    ]);
    for (const senderNumber of senders) {
      const key: ConsentKey = { senderNumber, profileNumber };
      const before = await store.consent(key);
      let current = NO_CONSENT;
      const replayed = events
        .filter((event) => event.senderNumber === senderNumber)
        .map(({ stored }) => {
          const change = transition(current, {
            effect: storedEffect(stored),
            eventTime: stored.eventTime,
            doubleOptInExpiresAfterDays: expiresAfterDays(stored.webhookId),
          });
          current = change.after;
          return { webhookId: stored.webhookId, requestId: stored.requestId, change };
        });
      replays.push({ key, expectedVersion: before.version, events: replayed, before, after: current });
    }
  }
  return { moves, replays };
}

/** The consent change an event asked for, from what was stored: its decision's category, unless it asked none. */
function storedEffect(stored: StoredInbound): ConsentEffect | null {
  if (stored.consentReason === NO_CONSENT_KEYWORD) return null;
  switch (stored.category) {
    case 'opt-out':
    case 'fuzzy-opt-out':
      return 'opt-out';
    case 'opt-in':
    case 'double-opt-in':
      return stored.category;
    default:
      return null;
  }
}

function eventNumbers(event: Record<string, unknown>): Pick<InboundEvent, 'inboundNumber' | 'normalized'> {
  const normalized = event.normalized;
  const inbound =
    typeof normalized === 'object' && normalized !== null
      ? (normalized as Record<string, unknown>).inboundNumber
      : null;
  return {
    inboundNumber: event.inboundNumber ?? null,
    normalized: {
      inboundNumber: typeof inbound === 'string' ? inbound : null,
      profileNumber: null,
      originTimestamp: null,
    },
  };
}
