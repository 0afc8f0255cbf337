// The evidence of one person's consent, per sender number: every change with its chain link and the chain's
// verification, the callback body it came from (only this person's part of a batch), the rule file revision
// that decided it, the reply sent and its delivery history. Nothing of another number is read into it but the
// body a batch shares, and of that only this person's elements leave (body-part.ts).
import { verifyChain, type BrokenLink, type ConsentChain, type ConsentLink } from '../consent/consent-chain.ts';
import type { ConsentState } from '../consent/consent-state.ts';
import { sha256Hex } from '../crypto/sha256-hex.ts';
import { eventIdOf } from '../store/idempotency-keys.ts';
import type { MessageRecord, RuleRevision, Store, StoredInbound } from '../store/store.ts';
import { bodyPartOf, type BodyElement, type BodyPart, type OwnEvent } from './body-part.ts';

/** How many of the person's latest events are searched for others sharing a body with a change's event. */
const SIBLING_EVENTS = 1000;

export interface ChangeEvidence {
  version: number;
  eventId: string;
  webhookId: string;
  requestId: string;
  receivedAt: string;
  eventTime: string;
  from: ConsentState;
  to: ConsentState;
  reason: string;
  category: string | null;
  keyword: string | null;
  reviewer: string | null;
  previousHash: string | null;
  /** null: stored before chains existed (legacy). */
  hash: string | null;
  body: {
    /** SHA-256 (hex) of the whole body's bytes as received, taken at ingest; null for legacy events. */
    rawBodyHash: string | null;
    /** The body as received, when it holds only this person's events. */
    whole: string | null;
    /** A batch shared with other people: this person's elements, by JSON path. */
    elements: BodyElement[] | null;
    /** Why neither could be given. */
    withheld: string | null;
  };
  /** The fields extracted from this person's message. */
  event: Record<string, unknown>;
  ruleRevision: RuleRevision & {
    /** The rule file's text as recorded when the webhook was loaded; null when it was not recorded. */
    content: string | null;
    /** Whether the text hashes to contentHash (null without a text). */
    contentMatches: boolean | null;
  };
  /** The reply queued for this message, with its delivery reports; null when none was. */
  reply: MessageRecord | null;
}

export interface ConsentEvidence {
  profileNumber: string;
  generatedAt: string;
  /** Every chain of this person holds. */
  intact: boolean;
  consents: Array<{
    senderNumber: string;
    state: ConsentState;
    changedAt: string | null;
    version: number;
    verification: { intact: boolean; verified: number; legacy: number; broken: BrokenLink | null };
    changes: ChangeEvidence[];
  }>;
}

export async function consentEvidence(store: Store, profileNumber: string, now: string): Promise<ConsentEvidence> {
  const views = await store.consentOf(profileNumber);
  const chains = await store.consentChains(views.map((view) => view.key));
  const siblings = ownEventsByBody([
    ...views.flatMap((view) => view.history),
    ...(await store.listEvents({ profileNumber, limit: SIBLING_EVENTS })),
  ]);
  const rules = new Map<string, Promise<string | null>>();
  const ruleContent = (hash: string): Promise<string | null> => {
    const known = rules.get(hash) ?? store.ruleContent(hash);
    rules.set(hash, known);
    return known;
  };
  const consents = await Promise.all(
    views.map(async (view, index) => {
      const chain: ConsentChain = chains[index] ?? { key: view.key, links: [] };
      const verification = verifyChain(chain, undefined, view.current);
      const links = new Map(chain.links.map((link) => [link.content.eventId, link]));
      const changes = await Promise.all(
        view.history.map((event) =>
          changeEvidence(event, links.get(eventIdOf(event.webhookId, event.requestId)) ?? null, {
            store,
            siblings,
            ruleContent,
          }),
        ),
      );
      return {
        senderNumber: view.key.senderNumber,
        ...view.current,
        verification: {
          intact: verification.broken === null,
          verified: verification.verified,
          legacy: verification.legacy,
          broken: verification.broken,
        },
        changes,
      };
    }),
  );
  return {
    profileNumber,
    generatedAt: now,
    intact: consents.every((consent) => consent.verification.intact),
    consents,
  };
}

/** The raw body of a stored event, as received: stored once per callback, the event naming it by id. */
async function rawBodyOf(store: Store, event: StoredInbound): Promise<string | null> {
  return store.rawBody(event.bodyId);
}

/** The person's events per body they came in: a body holding several of them shows all of them. */
function ownEventsByBody(events: readonly StoredInbound[]): Map<string, OwnEvent[]> {
  const seen = new Set<string>();
  const byBody = new Map<string, OwnEvent[]>();
  for (const event of events) {
    const id = eventIdOf(event.webhookId, event.requestId);
    if (seen.has(id)) continue;
    seen.add(id);
    const own = byBody.get(event.bodyId) ?? [];
    own.push({ requestId: event.event.requestId, profileNumber: event.event.profileNumber });
    byBody.set(event.bodyId, own);
  }
  return byBody;
}

async function changeEvidence(
  event: StoredInbound,
  link: ConsentLink | null,
  context: {
    store: Store;
    siblings: Map<string, OwnEvent[]>;
    ruleContent: (hash: string) => Promise<string | null>;
  },
): Promise<ChangeEvidence> {
  const raw = await rawBodyOf(context.store, event);
  const own = context.siblings.get(event.bodyId) ?? [
    { requestId: event.event.requestId, profileNumber: event.event.profileNumber },
  ];
  const part: BodyPart = raw === null ? { kind: 'withheld', reason: 'the body is not stored' } : bodyPartOf(raw, own);
  const content = await context.ruleContent(event.ruleRevision.contentHash);
  // What the chain covers is shown as the chain holds it; a legacy change shows the event's own record.
  const decided = link?.hash ? link.content : null;
  return {
    version: decided?.version ?? event.consentAfter?.version ?? 0,
    eventId: eventIdOf(event.webhookId, event.requestId),
    webhookId: event.webhookId,
    requestId: event.requestId,
    receivedAt: event.receivedAt,
    eventTime: event.eventTime,
    from: decided?.from ?? event.consentBefore?.state ?? 'none',
    to: decided?.to ?? event.consentAfter?.state ?? 'none',
    reason: decided?.reason ?? event.consentReason ?? '',
    category: decided ? decided.category : event.category,
    keyword: decided ? decided.keyword : event.keyword,
    reviewer: decided ? decided.reviewer : (event.reviewer ?? null),
    previousHash: link?.previousHash ?? null,
    hash: link?.hash ?? null,
    body: {
      rawBodyHash: decided ? decided.rawBodyHash : (event.rawBodyHash ?? null),
      whole: part.kind === 'whole' ? raw : null,
      elements: part.kind === 'elements' ? part.elements : null,
      withheld: part.kind === 'withheld' ? part.reason : null,
    },
    event: event.event,
    ruleRevision: {
      ...event.ruleRevision,
      content,
      contentMatches: content === null ? null : sha256Hex(content) === event.ruleRevision.contentHash,
    },
    reply: event.outboxId === null ? null : await context.store.message(event.outboxId),
  };
}
