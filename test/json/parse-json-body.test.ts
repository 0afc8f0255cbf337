import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src/errors.ts';
import { parseJsonBody } from '../../src/json/parse-json-body.ts';
import { PAYLOADS_DIR } from '../support/corpus.ts';

function refusal(body: Uint8Array | string, options?: { maxDepth?: number }): AppError {
  try {
    parseJsonBody(body, options);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('parseJsonBody', () => {
  it('parses bytes and strings alike, keeping non-BMP characters byte-exact', () => {
    const bytes = readFileSync(join(PAYLOADS_DIR, 'sinch-sms.inbound.mo_text.json'));
    const parsed = parseJsonBody(bytes) as { body: string };
    expect(parsed.body).to.equal('Hello John! 👋');
    expect(parseJsonBody('[1, {"a": null}]')).to.deep.equal([1, { a: null }]);
  });

  it('refuses invalid UTF-8 instead of replacing it with U+FFFD', () => {
    const bytes = Buffer.concat([Buffer.from('{"body":"caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const error = refusal(bytes);
    expect(error.code).to.equal('invalid_utf8');
    expect(error.message).to.include('byte 13'); // 0x28 cannot continue the 0xC3 at byte 12
  });

  it('refuses invalid JSON with a line and column, without echoing the body', () => {
    const error = refusal('{\n  "a": 1,\n  "b": }');
    expect(error.code).to.equal('invalid_json');
    expect(error.message).to.match(/line 3, column 8/);
    const twilio = refusal(readFileSync(join(PAYLOADS_DIR, 'twilio.inbound.form.txt')));
    expect(twilio.code).to.equal('invalid_json');
    expect(twilio.message).to.include('line 1, column 1').and.not.include('ToCountry');
  });

  it('locates errors V8 reports without a position', () => {
    expect(refusal('[1, 2,]').message).to.include('position 6');
    expect(refusal('{"a": [1, 2').message).to.include('position 11');
  });

  it('refuses nesting deeper than maxDepth before parsing, with no recursion', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(refusal(deep).code).to.equal('too_deep');
    expect(refusal('{"a":{"b":[1]}}', { maxDepth: 2 }).code).to.equal('too_deep');
    expect(parseJsonBody('{"a":{"b":[1]}}', { maxDepth: 3 })).to.deep.equal({ a: { b: [1] } });
  });

  it('does not count brackets inside strings, including after escaped quotes', () => {
    expect(parseJsonBody('{"a": "[[[[\\"{{{{"}', { maxDepth: 1 })).to.deep.equal({ a: '[[[["{{{{' });
  });

  it('refuses an own __proto__ key anywhere and names its path, even when escaped', () => {
    const nested = refusal('{"statuses": [{"status": "x"}, {"__proto__": {"polluted": true}}]}');
    expect(nested.code).to.equal('bad_request');
    expect(nested.message).to.include('$.statuses[1]');
    expect(refusal('{"\\u005f_proto__": {}}').code).to.equal('bad_request');
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('accepts keys that merely resemble prototype keys', () => {
    expect(parseJsonBody('{"__proto__x": 1, "proto": 2}')).to.deep.equal({ __proto__x: 1, proto: 2 });
  });
});
