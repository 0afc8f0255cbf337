import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src/errors.ts';
import type { Extraction, FeedbackEvent, InboundEvent } from '../../src/events.ts';
import { parseJsonBody } from '../../src/json/parse-json-body.ts';
import type { PayloadMismatch } from '../../src/template/payload-mismatch.ts';
import { PAYLOADS_DIR } from '../support/corpus.ts';
import { EXPECTED, extractFile, isNative, vendorOf, type ExpectedEvent } from './expected-corpus.ts';

const INBOUND_FIELDS = ['inboundMessage', 'profileNumber', 'requestId', 'originTimestamp', 'inboundNumber'] as const;

function assertExtraction(result: Extraction | PayloadMismatch): Extraction {
  if (result.kind === 'mismatch') throw new Error(`mismatch at ${result.path}: ${result.message}`);
  return result;
}

function checkInbound(actual: InboundEvent, expected: ExpectedEvent): void {
  for (const field of INBOUND_FIELDS) expect(actual[field], field).to.deep.equal(expected[field]);
  expect(actual.normalized.profileNumber).to.equal(expected.profileNumberE164);
  expect(actual.normalized.inboundNumber).to.equal(expected.inboundNumberE164);
  expect(actual.normalized.originTimestamp).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3,9}Z$/);
  if ('clientReference' in expected) expect(actual.clientReference).to.equal(expected.clientReference);
  expect(actual.binary === true, 'binary').to.equal('inboundMessageDecoded' in expected);
}

function checkFeedback(actual: FeedbackEvent, expected: ExpectedEvent, native: boolean): void {
  expect(actual.clientReference, 'clientReference').to.equal(expected.clientReference);
  if (native) expect(actual.messageId, 'messageId').to.equal(expected.messageId);
  if (native && 'recipient' in expected) expect(actual.recipient, 'recipient').to.equal(expected.recipient);
  const statuses = expected.statuses ?? [];
  expect(actual.statuses.map(({ code, status, final }) => ({ code, status, final }))).to.deep.equal(
    statuses.map(({ code, status, final }) => ({ code, status, final })),
  );
}

describe('the provider corpus (expected.json)', () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    if (expected.kind === 'reject') {
      it(`${file} is refused: not JSON`, () => {
        const body = readFileSync(join(PAYLOADS_DIR, file));
        expect(() => parseJsonBody(body))
          .to.throw(AppError)
          .with.property('code', 'invalid_json');
      });
      continue;
    }
    it(`${file} extracts ${expected.events.length} ${expected.kind} event(s) as expected`, () => {
      const native = isNative(expected);
      const extraction = assertExtraction(extractFile(file, vendorOf(expected)));
      expect(extraction.kind).to.equal(expected.kind);
      expect(extraction.events).to.have.length(expected.events.length);
      expected.events.forEach((event, i) => {
        if (extraction.kind === 'inbound') checkInbound(extraction.events[i] as InboundEvent, event);
        if (extraction.kind === 'feedback') checkFeedback(extraction.events[i] as FeedbackEvent, event, native);
      });
    });
  }
});
