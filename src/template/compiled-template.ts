// What compileTemplate returns: a kind and an extract function to run on every callback.
import type { EventKind, Extraction } from '../events.ts';
import type { PayloadMismatch } from './payload-mismatch.ts';

export type TemplateMatch = { ok: true; extraction: Extraction } | { ok: false; mismatch: PayloadMismatch };

export interface CompiledTemplate {
  kind: EventKind;
  /** The events of a payload, or the first JSON path that does not fit and why. */
  extract(payload: unknown): TemplateMatch;
  /** The events, or undefined when the payload does not fit: cheap either way (for trying templates in turn). */
  tryExtract(payload: unknown): Extraction | undefined;
  /** extract() by the interpreting walk alone, without the generated fast path: the reference, for tests. */
  interpret(payload: unknown): TemplateMatch;
}
