// A Custom provider: one admin-written template per webhook (inbound or feedback).
import { extractOrMismatch } from '../../template/compile-template.ts';
import type { CompiledTemplate } from '../../template/compiled-template.ts';
import { mismatch } from '../../template/payload-mismatch.ts';
import type { CallbackExtractor } from '../callback-extractor.ts';

export function customExtractor(template: CompiledTemplate): CallbackExtractor {
  return {
    id: 'custom',
    extract(payload, kind) {
      if (kind !== undefined && kind !== template.kind) {
        return mismatch(
          '$',
          `expected a ${kind} callback, but this webhook's template describes ${template.kind} callbacks`,
        );
      }
      return extractOrMismatch(template, payload);
    },
  };
}
