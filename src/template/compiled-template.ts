// What compileTemplate returns: a kind and an extract function to run on every callback.
import type { EventKind, Extraction } from '../events.ts';
import type { PayloadMismatch } from './payload-mismatch.ts';
import type { TemplateProblem } from './template-problem.ts';

export type TemplateMatch = { ok: true; extraction: Extraction } | { ok: false; mismatch: PayloadMismatch };

export interface CompiledTemplate {
  kind: EventKind;
  /** What compiles but deserves a look: a spec field left out that some providers never send. */
  warnings: readonly TemplateProblem[];
  /**
   * The template reads JSON inside a string (json(...)), as an AWS SNS envelope carries its `Message`: SNS posts
   * such bodies as text/plain, which the webhook then accepts.
   */
  expectsSnsEnvelope: boolean;
  /** The events of a payload, or the first JSON path that does not fit and why. */
  extract(payload: unknown): TemplateMatch;
  /** The events, or undefined when the payload does not fit: cheap either way (for trying templates in turn). */
  tryExtract(payload: unknown): Extraction | undefined;
  /** extract() by the interpreting walk alone, without the generated fast path: the reference, for tests. */
  interpret(payload: unknown): TemplateMatch;
}
