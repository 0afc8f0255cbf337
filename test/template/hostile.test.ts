import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src/errors.ts';
import type { EventKind } from '../../src/events.ts';
import { parseJsonBody } from '../../src/json/parse-json-body.ts';
import { compileTemplate } from '../../src/template/compile-template.ts';
import { TemplateCompileError } from '../../src/template/template-compile-error.ts';
import {
  customExtractor,
  extractorFor,
  NATIVE_VENDOR_IDS,
  type CallbackExtractor,
} from '../../src/vendors/vendor-registry.ts';
import { PAYLOADS_DIR } from '../support/corpus.ts';
import { hostileBodies, hostileCorpusDir } from '../support/hostile-corpus.ts';

const custom = (file: string): CallbackExtractor =>
  customExtractor(compileTemplate(readFileSync(join(PAYLOADS_DIR, file), 'utf8')));

const EXTRACTORS: Array<{ name: string; vendor: CallbackExtractor; kind?: EventKind }> = [
  ...NATIVE_VENDOR_IDS.flatMap((id) =>
    [undefined, 'inbound', 'feedback'].map((kind) => ({
      name: `${id}${kind === undefined ? '' : ` (${kind})`}`,
      vendor: extractorFor(id),
      kind: kind as EventKind | undefined,
    })),
  ),
  { name: 'custom Vonage inbound', vendor: custom('vonage.inbound.template.json') },
  { name: 'custom Vonage feedback', vendor: custom('vonage.feedback.template.json') },
  { name: 'custom Telnyx inbound', vendor: custom('telnyx.inbound.template.json') },
  { name: 'custom Telnyx feedback', vendor: custom('telnyx.feedback.template.json') },
];

/** The typed refusal of one body by one extractor: an AppError code, or 'mismatch'. */
function refusal(body: Buffer, extractor: (typeof EXTRACTORS)[number]): string {
  let payload: unknown;
  try {
    payload = parseJsonBody(body);
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  const result = extractor.vendor.extract(payload, extractor.kind);
  if (result.kind === 'mismatch') {
    expect(result.path).to.match(/^\$/);
    expect(result.message).to.be.a('string').and.not.equal('');
    return 'mismatch';
  }
  throw new Error(`${extractor.name} accepted it as ${result.kind}`);
}

const EXPECTED_REFUSAL: Record<string, string> = {
  '01-truncated.json': 'invalid_json',
  '02-deep-nesting-10k.json': 'too_deep',
  '03-huge-string-5mb.json': 'payload_too_large',
  '04-wrong-types.json': 'mismatch',
  '05-prototype-pollution.json': 'bad_request',
  '06-empty-object.json': 'mismatch',
  '07-array-instead-of-object.json': 'mismatch',
  '08-invalid-utf8.json': 'invalid_utf8',
  '09-json-null.json': 'mismatch',
};

describe('the hostile corpus', () => {
  it('generates every hostile body the expectations name', () => {
    expect(hostileBodies()).to.deep.equal(Object.keys(EXPECTED_REFUSAL));
  });

  for (const file of Object.keys(EXPECTED_REFUSAL)) {
    it(`${file} is refused with ${EXPECTED_REFUSAL[file]} by every vendor and Custom template`, () => {
      const body = readFileSync(join(hostileCorpusDir(), file));
      for (const extractor of EXTRACTORS)
        expect(refusal(body, extractor), extractor.name).to.equal(EXPECTED_REFUSAL[file]);
      expect(Object.keys(Object.prototype)).to.deep.equal([]);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });
  }

  it('04-wrong-types: an unsafe integer where Sinch has a phone number is named at its path', () => {
    const result = extractorFor('sinch').extract(
      parseJsonBody(readFileSync(join(hostileCorpusDir(), '04-wrong-types.json'))),
    );
    expect(result).to.include({ kind: 'mismatch', path: '$.from' });
    if (result.kind === 'mismatch') expect(result.message).to.include('beyond the safe integer range');
  });

  it('02: extraction only walks the template, so even a 10,000-deep body parsed elsewhere cannot overflow it', () => {
    const payload: unknown = JSON.parse(readFileSync(join(hostileCorpusDir(), '02-deep-nesting-10k.json'), 'utf8'));
    const result = extractorFor('sinch').extract(payload);
    expect(result.kind).to.equal('inbound');
  });

  it('07: a Sinch MO wrapped in an array is a mismatch at the root', () => {
    const result = extractorFor('sinch').extract(
      parseJsonBody(readFileSync(join(hostileCorpusDir(), '07-array-instead-of-object.json'))),
    );
    expect(result).to.deep.equal({ kind: 'mismatch', path: '$', message: 'expected an object, found an array of 1' });
  });

  it('10-prototype-pollution.template.json fails to compile, naming the prototype keys', () => {
    const text = readFileSync(join(hostileCorpusDir(), '10-prototype-pollution.template.json'), 'utf8');
    try {
      compileTemplate(text, { source: '10-prototype-pollution.template.json' });
      expect.fail('the template compiled');
    } catch (error) {
      expect(error).to.be.instanceOf(TemplateCompileError);
      const message = (error as TemplateCompileError).message;
      expect(message).to.include('10-prototype-pollution.template.json:2:3: the key "__proto__" is not allowed');
      expect(message).to.include('the key "constructor" is not allowed');
    }
    expect(Object.keys(Object.prototype)).to.deep.equal([]);
  });
});
