// A Custom provider: one admin-written template per webhook (inbound or feedback).
import type { CompiledTemplate } from '../../template/compiled-template.ts';
import { mismatch } from '../../template/payload-mismatch.ts';
import type { Vendor } from '../vendor.ts';

export function customVendor(template: CompiledTemplate): Vendor {
  return {
    id: 'custom',
    extract(payload, kind) {
      if (kind !== undefined && kind !== template.kind) {
        return mismatch('$', `expected a ${kind} callback, but this webhook's template describes ${template.kind} callbacks`);
      }
      const extraction = template.tryExtract(payload);
      if (extraction !== undefined) return extraction;
      const match = template.interpret(payload); // where and why it does not fit
      return match.ok ? match.extraction : match.mismatch;
    },
  };
}
