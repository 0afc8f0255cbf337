// Consent in MongoDB: an append-only log of changes per (sender, profile), one document per version under a
// unique key, so two writers deciding on the same version race harmlessly (mongo-schema.ts).
import type { Collection } from 'mongodb';
import { NO_CONSENT, type ConsentKey, type ConsentSnapshot } from '../../consent/consent-state.ts';
import { transition, type ConsentChange, type TransitionInput } from '../../consent/transition.ts';
import { StoreUnavailableError } from '../store-unavailable-error.ts';
import { insertOnce, MAX_CONFLICT_RETRIES } from './insert-once.ts';
import type { ConsentChangeDocument } from './mongo-schema.ts';

/**
 * Decides on the current consent and takes the next version; reuses a change this event already made (after
 * a crash, or by a concurrent copy of the callback).
 */
export async function applyConsent(
  changes: Collection<ConsentChangeDocument>,
  eventId: string,
  key: ConsentKey,
  input: TransitionInput,
): Promise<ConsentChange> {
  const { senderNumber, profileNumber } = key;
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
    // Latest first, then our own: a change of ours that the latest read already reflects is found below.
    const latest = await latestConsentChange(changes, key);
    const own = await changes.findOne({ eventId });
    if (own) return { before: plainSnapshot(own.before), after: snapshotOf(own), changed: true, reason: own.reason };
    const current = latest ? snapshotOf(latest) : NO_CONSENT;
    const change = transition(current, input);
    if (!change.changed) return change;
    if (change.after.version !== current.version + 1) throw new Error('a consent change must raise the version by one');
    const taken = await insertOnce(changes, {
      _id: JSON.stringify([senderNumber, profileNumber, change.after.version]),
      senderNumber,
      profileNumber,
      version: change.after.version,
      state: change.after.state,
      changedAt: change.after.changedAt,
      before: change.before,
      reason: change.reason,
      eventId,
    });
    if (taken) return change;
    // The version was taken, or our own change was stored concurrently: read again.
  }
  throw new StoreUnavailableError(`consent of ${profileNumber} kept changing under ${MAX_CONFLICT_RETRIES} attempts`);
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
