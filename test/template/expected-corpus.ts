// expected.json of the shared corpus, typed for the tests, and the extractor each provider uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Extraction } from '../../src/events.ts';
import { parseJsonBody } from '../../src/json/parse-json-body.ts';
import { compileTemplate } from '../../src/template/compile-template.ts';
import type { PayloadMismatch } from '../../src/template/payload-mismatch.ts';
import { customExtractor, extractorFor, type CallbackExtractor } from '../../src/vendors/vendor-registry.ts';
import { PAYLOADS_DIR, readCorpusJson } from '../support/corpus.ts';

export interface ExpectedStatus {
  code: unknown;
  status: unknown;
  final: boolean;
}

export interface ExpectedEvent {
  [field: string]: unknown;
  statuses?: ExpectedStatus[];
}

export interface ExpectedFile {
  provider: string;
  kind: 'inbound' | 'feedback' | 'reject';
  mapping: string | null;
  events: ExpectedEvent[];
}

export const EXPECTED = readCorpusJson<{ files: Record<string, ExpectedFile> }>('payloads', 'expected.json').files;

const NATIVE: Record<string, Parameters<typeof extractorFor>[0]> = {
  'sinch-sms': 'sinch',
  'sinch-conversation': 'sinch-conversational',
  infobip: 'infobip',
};

export function isNative(expected: ExpectedFile): boolean {
  return Object.hasOwn(NATIVE, expected.provider);
}

/** The native vendor, or a Custom vendor from the admin's template named in `mapping`. */
export function vendorOf(expected: ExpectedFile): CallbackExtractor {
  const native = NATIVE[expected.provider];
  if (native !== undefined) return extractorFor(native);
  const mapping = expected.mapping ?? '';
  return customExtractor(compileTemplate(readPayloadText(mapping), { source: mapping }));
}

export function readPayloadText(file: string): string {
  return readFileSync(join(PAYLOADS_DIR, file), 'utf8');
}

export function extractFile(file: string, vendor: CallbackExtractor): Extraction | PayloadMismatch {
  return vendor.extract(parseJsonBody(readFileSync(join(PAYLOADS_DIR, file))));
}
