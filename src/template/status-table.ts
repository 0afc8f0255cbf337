// A vendor's delivery vocabulary mapped onto Optline's canonical statuses, as a table (never scattered ifs).
import type { CanonicalStatus } from '../events.ts';

export interface StatusMeaning {
  canonical: CanonicalStatus;
  /** False for intermediate statuses: more callbacks follow, and they must never overwrite a final one. */
  final: boolean;
}

/** Raw status (compared case-insensitively) -> meaning. */
export type StatusTable = Readonly<Record<string, StatusMeaning>>;

/** What a status the vendor did not document means: unknown, and not final. */
export const UNLISTED: StatusMeaning = { canonical: 'unknown', final: false };

export const intermediate = (canonical: CanonicalStatus): StatusMeaning => ({ canonical, final: false });
export const final = (canonical: CanonicalStatus): StatusMeaning => ({ canonical, final: true });

/** What a canonical status named in a rule file's statusMap means: queued, sent and unknown are not final. */
export function meaningOf(canonical: CanonicalStatus): StatusMeaning {
  return canonical === 'queued' || canonical === 'sent' || canonical === 'unknown'
    ? intermediate(canonical)
    : final(canonical);
}

/**
 * The meaning of a raw status (compared case-insensitively) in `table`. The table becomes a Map once, which
 * also holds the spellings vendors send (DELIVERED, Delivered), so most lookups are one Map read.
 */
export function statusLookup(table: StatusTable): (status: unknown) => StatusMeaning {
  const spellings = new Map<string, StatusMeaning>();
  for (const [key, meaning] of Object.entries(table)) {
    for (const spelling of [key.toUpperCase(), key.charAt(0).toUpperCase() + key.slice(1), key])
      spellings.set(spelling, meaning);
  }
  return (status) => {
    if (typeof status !== 'string' && typeof status !== 'number') return UNLISTED;
    const text = String(status);
    return spellings.get(text) ?? spellings.get(text.toLowerCase()) ?? UNLISTED;
  };
}
