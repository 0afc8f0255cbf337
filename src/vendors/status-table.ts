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

export function lookupStatus(table: StatusTable, status: unknown): StatusMeaning {
  if (typeof status !== 'string' && typeof status !== 'number') return UNLISTED;
  const key = String(status).toLowerCase();
  return Object.hasOwn(table, key) ? (table[key] ?? UNLISTED) : UNLISTED;
}
