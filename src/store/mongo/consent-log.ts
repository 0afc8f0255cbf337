// Consent in MongoDB: an append-only log of changes per (sender, profile), one document per version under a
// unique key, so two writers deciding on the same version race harmlessly (mongo-schema.ts).
import type { Collection } from 'mongodb';
import { changeContent, nextLink, type ChangeProvenance, type ConsentLink } from '../../consent/consent-chain.ts';
import { NO_CONSENT, type ConsentKey, type ConsentSnapshot } from '../../consent/consent-state.ts';
import { transition, type ConsentChange, type TransitionInput } from '../../consent/transition.ts';
import { ConsentMovedError } from '../consent-moved-error.ts';
import type { ConsentReplay } from '../store.ts';
import { StoreUnavailableError } from '../store-unavailable-error.ts';
import { eventIdOf } from '../idempotency-keys.ts';
import { insertOnce, MAX_CONFLICT_RETRIES } from './insert-once.ts';
import type { ConsentChangeDocument } from './mongo-schema.ts';

/**
 * Decides on the current consent and takes the next version; reuses a change this event already made (after
 * a crash, or by a concurrent copy of the callback). The change links to the latest one it was decided on: only
 * the insert that takes the next version stores its link, so each key's chain stays linear.
 */
export async function applyConsent(
  changes: Collection<ConsentChangeDocument>,
  provenance: ChangeProvenance,
  key: ConsentKey,
  input: TransitionInput,
  /** The reason stored (and hashed) instead of the transition's: a reviewer's decision says who decided. */
  reason?: string,
): Promise<ConsentChange> {
  const { eventId } = provenance;
  const { profileNumber } = key;
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
    // Latest first, then our own: a change of ours that the latest read already reflects is found below.
    const latest = await latestConsentChange(changes, key);
    const own = await changes.findOne({ eventId });
    if (own) return { before: plainSnapshot(own.before), after: snapshotOf(own), changed: true, reason: own.reason };
    const current = latest ? snapshotOf(latest) : NO_CONSENT;
    const moved = transition(current, input);
    if (!moved.changed) return moved;
    const change = reason === undefined ? moved : { ...moved, reason };
    if (change.after.version !== current.version + 1) throw new Error('a consent change must raise the version by one');
    const link = nextLink(latest?.hash ?? null, changeContent(key, change, provenance));
    const taken = await insertOnce(changes, changeDocument(key, change, link));
    if (taken) return change;
    // The version was taken, or our own change was stored concurrently: read again.
  }
  throw new StoreUnavailableError(`consent of ${profileNumber} kept changing under ${MAX_CONFLICT_RETRIES} attempts`);
}

/**
 * Rewrites the logs of replayed keys: their events' changes are deleted, then inserted as replayed (an event's
 * change is unique by event, so every key is cleared before any is written). Only the replayed events' changes
 * go: a change another event made meanwhile stays, and its version, taken again here, stops the rewrite with
 * ConsentMovedError. Not atomic; the events themselves are rewritten last (by the caller), so a run cut short
 * is planned and written again whole by the next.
 */
export async function replaceConsentLogs(
  changes: Collection<ConsentChangeDocument>,
  replays: ConsentReplay[],
  provenanceOf: (eventId: string) => ChangeProvenance,
): Promise<void> {
  for (const { key, expectedVersion } of replays) {
    const found = (await latestConsentChange(changes, key))?.version ?? 0;
    if (found !== expectedVersion) throw new ConsentMovedError(key, expectedVersion, found);
  }
  const eventIds = replays.flatMap((replay) =>
    replay.events.map((event) => eventIdOf(event.webhookId, event.requestId)),
  );
  await changes.deleteMany({ eventId: { $in: eventIds } });
  for (const { key, events } of replays) {
    // The key's chain is linked again over the events now under it, oldest first.
    let previousHash: string | null = null;
    for (const { webhookId, requestId, change } of events) {
      if (!change.changed) continue;
      const link = nextLink(previousHash, changeContent(key, change, provenanceOf(eventIdOf(webhookId, requestId))));
      previousHash = link.hash;
      const inserted = await insertOnce(changes, changeDocument(key, change, link));
      if (!inserted) throw new ConsentMovedError(key, change.after.version - 1, change.after.version);
    }
  }
}

function changeDocument(
  key: ConsentKey,
  change: ConsentChange,
  link: ConsentLink & { hash: string },
): ConsentChangeDocument {
  const { eventId, rawBodyHash, rule, category, keyword, reviewer } = link.content;
  return {
    _id: JSON.stringify([key.senderNumber, key.profileNumber, change.after.version]),
    senderNumber: key.senderNumber,
    profileNumber: key.profileNumber,
    version: change.after.version,
    state: change.after.state,
    changedAt: change.after.changedAt,
    before: plainSnapshot(change.before),
    reason: change.reason,
    eventId,
    hash: link.hash,
    previousHash: link.previousHash,
    provenance: { rawBodyHash, rule, category, keyword, reviewer },
  };
}

/** A stored change as a chain link; a legacy change (no hash) shows what it has, with empty provenance. */
export function linkOf(document: ConsentChangeDocument): ConsentLink {
  const key = { senderNumber: document.senderNumber, profileNumber: document.profileNumber };
  const provenance = document.provenance ?? {
    rawBodyHash: null,
    rule: { id: '', version: '', contentHash: '' },
    category: null,
    keyword: null,
    reviewer: null,
  };
  const change = { before: document.before, after: snapshotOf(document), changed: true, reason: document.reason };
  return {
    content: changeContent(key, change, { eventId: document.eventId, ...provenance }),
    previousHash: document.previousHash ?? null,
    hash: document.hash ?? null,
  };
}

export async function latestConsentChange(
  changes: Collection<ConsentChangeDocument>,
  key: ConsentKey,
): Promise<ConsentChangeDocument | null> {
  const [latest] = await changes
    .find({ profileNumber: key.profileNumber, senderNumber: key.senderNumber })
    .sort({ version: -1 })
    .limit(1)
    .toArray();
  return latest ?? null;
}

export function snapshotOf(document: ConsentChangeDocument): ConsentSnapshot {
  return { state: document.state, changedAt: document.changedAt, version: document.version };
}

/** The snapshot's own fields in a fixed order, whatever came back from the server. */
export function plainSnapshot(snapshot: ConsentSnapshot): ConsentSnapshot {
  return { state: snapshot.state, changedAt: snapshot.changedAt, version: snapshot.version };
}
