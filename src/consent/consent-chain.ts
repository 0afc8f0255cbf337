// Tamper-evident consent history. Each change of one (sender, person) consent stores a SHA-256 over the hash of
// the change before it and its own content, serialised canonically: a JSON array with its fields in a fixed
// order (rules/README.md, "Evidence", shows how to recompute one by hand). A store links each change under the
// same compare-and-set that gives it its version, so every key's chain is linear. Changes stored before chains
// existed carry no hash: a chain starts at the first hashed change, and those before it are reported as legacy.
import { sha256Hex } from '../crypto/sha256-hex.ts';
import type { ConsentKey, ConsentSnapshot, ConsentState } from './consent-state.ts';
import type { ConsentChange } from './transition.ts';

/** The first element of every serialised change: names this layout, so a later one can be told apart. */
export const CHAIN_FORMAT = 'optline-consent-change/1';

/** Where a change came from and what decided it: what its hash covers besides the consent itself. */
export interface ChangeProvenance {
  eventId: string; // eventIdOf(webhookId, requestId)
  /** SHA-256 (hex) of the callback body's bytes as received; null for events stored before it was kept. */
  rawBodyHash: string | null;
  rule: { id: string; version: string; contentHash: string };
  category: string | null;
  keyword: string | null;
  /** Who decided the change by hand (the review queue); null for an automatic decision. */
  reviewer: string | null;
}

/** Everything one change's hash covers but the previous hash. */
export interface ConsentChangeContent extends ChangeProvenance {
  senderNumber: string;
  profileNumber: string;
  version: number;
  from: ConsentState;
  to: ConsentState;
  changedAt: string | null;
  reason: string;
}

/** One stored change as a link: its content, the previous hash it names and its own hash (null: legacy). */
export interface ConsentLink {
  content: ConsentChangeContent;
  previousHash: string | null;
  hash: string | null;
}

export interface ConsentChain {
  key: ConsentKey;
  /** Every change of the key, oldest first (by version). */
  links: ConsentLink[];
}

export function changeContent(
  key: ConsentKey,
  change: ConsentChange,
  provenance: ChangeProvenance,
): ConsentChangeContent {
  return {
    senderNumber: key.senderNumber,
    profileNumber: key.profileNumber,
    version: change.after.version,
    from: change.before.state,
    to: change.after.state,
    changedAt: change.after.changedAt,
    reason: change.reason,
    ...provenance,
  };
}

/** The bytes a change's hash is taken over (UTF-8 of this text). Field order is part of the format. */
export function canonicalChange(previousHash: string | null, content: ConsentChangeContent): string {
  return JSON.stringify([
    CHAIN_FORMAT,
    previousHash,
    content.senderNumber,
    content.profileNumber,
    content.version,
    content.eventId,
    content.rawBodyHash,
    content.rule.id,
    content.rule.version,
    content.rule.contentHash,
    content.category,
    content.keyword,
    content.from,
    content.to,
    content.changedAt,
    content.reason,
    content.reviewer,
  ]);
}

export function chainHash(previousHash: string | null, content: ConsentChangeContent): string {
  return sha256Hex(canonicalChange(previousHash, content));
}

/** A new link after the change whose hash is `previousHash` (null: the first change of its key, or the first
 * after legacy ones). */
export function nextLink(previousHash: string | null, content: ConsentChangeContent): ConsentLink & { hash: string } {
  return { content, previousHash, hash: chainHash(previousHash, content) };
}

export interface BrokenLink {
  version: number;
  eventId: string;
  problem: string;
}

export interface ChainVerification {
  key: ConsentKey;
  /** Changes whose hash was recomputed and matched. */
  verified: number;
  /** Changes stored before chains existed (no hash), at the start of the chain. */
  legacy: number;
  /** Changes before `since`, trusted as stored (their hash links the next one). */
  skipped: number;
  /** The first link that does not hold; null when the chain is intact. */
  broken: BrokenLink | null;
}

/**
 * Walks one chain oldest first. A link holds when its version follows the one before, it names the previous
 * link's stored hash (null for the first hashed link), and its content hashes to its stored hash. Unhashed
 * links are legacy only before the first hashed one. With `since`, links whose change is older are not
 * recomputed; their stored hash still has to be named by the next link. With `current`, the consent as the
 * store answers it must be what the last link left (a store may keep it apart from the changes).
 */
export function verifyChain(chain: ConsentChain, since?: string, current?: ConsentSnapshot): ChainVerification {
  const result: ChainVerification = { key: chain.key, verified: 0, legacy: 0, skipped: 0, broken: null };
  let previous: ConsentLink | null = null;
  for (const link of chain.links) {
    const { version, eventId } = link.content;
    const broken = (problem: string) => ({ ...result, broken: { version, eventId, problem } });
    const expectedVersion = (previous?.content.version ?? 0) + 1;
    if (version !== expectedVersion) return broken(`has version ${version} where ${expectedVersion} follows`);
    if (link.hash === null) {
      if (previous?.hash) return broken('has no hash, after the chain started');
      result.legacy += 1;
    } else {
      const expectedPrevious = previous?.hash ?? null;
      if (link.previousHash !== expectedPrevious) {
        return broken(
          `names previous hash ${link.previousHash ?? 'none'}, but ${previous ? `version ${previous.content.version}` : 'the chain start'} is ${expectedPrevious ?? 'none'}`,
        );
      }
      const older = since !== undefined && link.content.changedAt !== null && link.content.changedAt < since;
      if (older) result.skipped += 1;
      else if (chainHash(link.previousHash, link.content) !== link.hash)
        return broken('does not match its hash: its stored content was altered');
      else result.verified += 1;
    }
    previous = link;
  }
  const last = previous?.content;
  if (current && (current.version !== (last?.version ?? 0) || (last && current.state !== last.to))) {
    return {
      ...result,
      broken: {
        version: current.version,
        eventId: last?.eventId ?? 'none',
        problem: `is the current consent (${current.state}), but the last change left ${last ? `version ${last.version} ${last.to}` : 'none'}`,
      },
    };
  }
  return result;
}
