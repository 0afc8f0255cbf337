// One interface for every provider's callbacks: a callback body in, normalised events (or a typed mismatch) out.
import type { EventKind, Extraction } from '../events.ts';
import type { PayloadMismatch } from '../template/payload-mismatch.ts';

export interface CallbackExtractor {
  /** The vendor's id in the registry (vendor-registry.ts). */
  id: string;
  /**
   * `kind` restricts which templates apply (a webhook URL for one kind); undefined accepts both.
   * A well-formed callback of a kind Optline does not use gives `{ kind: 'ignored', events: [], reason }`.
   */
  extract(payload: unknown, kind?: EventKind): Extraction | PayloadMismatch;
}
