// What compileTemplate returns: a kind and an extract function to run on every callback.
import type { EventKind, Extraction } from '../events.ts';
import type { PayloadMismatch } from './payload-mismatch.ts';

export type TemplateMatch = { ok: true; extraction: Extraction } | { ok: false; mismatch: PayloadMismatch };

export interface CompiledTemplate {
  kind: EventKind;
  extract(payload: unknown): TemplateMatch;
}
