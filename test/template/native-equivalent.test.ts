import { expect } from 'chai';
import type { Extraction, FeedbackEvent, InboundEvent } from '../../src/events.ts';
import { compileTemplate } from '../../src/template/compile-template.ts';
import { customExtractor } from '../../src/vendors/vendor-registry.ts';
import { EXPECTED, extractFile, isNative, readPayloadText, vendorOf } from './expected-corpus.ts';

function extraction(result: ReturnType<typeof extractFile>): Extraction {
  if (result.kind === 'mismatch') throw new Error(`mismatch at ${result.path}: ${result.message}`);
  return result;
}

/** What a template can express the same way as the native vendor: raw values and normalised ones. */
function comparable(result: Extraction): unknown[] {
  if (result.kind === 'inbound') {
    return (result.events as InboundEvent[]).map(
      ({ inboundMessage, profileNumber, requestId, originTimestamp, inboundNumber, normalized }) => ({
        inboundMessage,
        profileNumber,
        requestId,
        originTimestamp,
        inboundNumber,
        normalized,
      }),
    );
  }
  return (result.events as FeedbackEvent[]).map((event) => ({
    clientReference: event.clientReference,
    statuses: event.statuses.map(({ code, status }) => ({ code, status })),
  }));
}

describe('the native-equivalent templates of the corpus', () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    if (!isNative(expected) || expected.mapping === null) continue;
    it(`${expected.mapping} extracts ${file} as the native ${expected.provider} vendor does`, () => {
      const template = compileTemplate(readPayloadText(expected.mapping ?? ''), { source: expected.mapping ?? '' });
      expect(template.kind).to.equal(expected.kind);
      const fromTemplate = extraction(extractFile(file, customExtractor(template)));
      const fromVendor = extraction(extractFile(file, vendorOf(expected)));
      expect(comparable(fromTemplate)).to.deep.equal(comparable(fromVendor));
    });
  }
});
