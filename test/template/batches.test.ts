import { expect } from 'chai';
import type { Extraction, FeedbackEvent, InboundEvent } from '../../src/events.ts';
import { compileTemplate } from '../../src/template/compile-template.ts';

function extract(template: string, payload: unknown): Extraction {
  const match = compileTemplate(template).extract(payload);
  if (!match.ok) throw new Error(`mismatch at ${match.mismatch.path}: ${match.mismatch.message}`);
  return match.extraction;
}

const mo = (id: string, from: string, text: string) => ({
  id,
  from,
  to: '12017777777',
  text,
  at: '2024-06-06T07:52:37Z',
});
const ARRAY_TEMPLATE = `[
  { "id": "{{requestId}}", "from": "{{profileNumber}}", "to": "{{inboundNumber}}",
    "text": "{{inboundMessage}}", "at": "{{originTimestamp}}" }
]`;

describe('batches and arrays in templates', () => {
  it('a template whose top level is an array makes each element an event (Bandwidth-style)', () => {
    const extraction = extract(ARRAY_TEMPLATE, [mo('a', '12015550001', 'STOP'), mo('b', '12015550002', 'START')]);
    expect(extraction.kind).to.equal('inbound');
    const events = extraction.events as InboundEvent[];
    expect(
      events.map((event) => [event.requestId, event.normalized.profileNumber, event.inboundMessage]),
    ).to.deep.equal([
      ['a', '+12015550001', 'STOP'],
      ['b', '+12015550002', 'START'],
    ]);
  });

  it('a top-level array template refuses an object, and an object template refuses an array', () => {
    const match = compileTemplate(ARRAY_TEMPLATE).extract(mo('a', '1', 'x'));
    expect(match.ok).to.equal(false);
    if (!match.ok)
      expect(match.mismatch).to.include({ path: '$' }).and.property('message').that.includes('expected an array');
  });

  it('values outside a results[] batch are shared by every event of the batch', () => {
    const template = `{
      "account": "{{inboundNumber}}",
      "results": [{ "id": "{{requestId}}", "from": "{{profileNumber}}", "text": "{{inboundMessage}}", "at": "{{originTimestamp}}" }]
    }`;
    const payload = {
      account: '447700900000',
      results: [mo('a', '447700900001', 'one'), mo('b', '447700900002', 'two')],
    };
    const events = extract(template, payload).events as InboundEvent[];
    expect(events.map((event) => event.inboundNumber)).to.deep.equal(['447700900000', '447700900000']);
    expect(events.map((event) => event.requestId)).to.deep.equal(['a', 'b']);
  });

  it('an empty batch is zero events, not an error', () => {
    expect(extract(ARRAY_TEMPLATE, []).events).to.deep.equal([]);
  });

  it('a mismatch inside a batch names the element that failed', () => {
    const match = compileTemplate(ARRAY_TEMPLATE).extract([
      mo('a', '1201555001', 'ok'),
      { ...mo('b', '1', 'x'), text: { nested: true } },
    ]);
    expect(match.ok).to.equal(false);
    if (!match.ok) expect(match.mismatch.path).to.equal('$[1].text');
  });

  it('codes and statuses from two different arrays zip into statuses[] (Telnyx to[] and errors[])', () => {
    const template = `{ "id": "{{client_reference}}", "to": [{ "status": "{{feedbackStatus}}" }], "errors": [{ "code": "{{failureCode}}" }] }`;
    const event = extract(template, {
      id: 'm1',
      to: [{ status: 'delivery_failed' }, { status: 'delivered' }],
      errors: [{ code: '40008' }],
    }).events[0] as FeedbackEvent;
    expect(event.statuses.map(({ code, status, canonical }) => [code, status, canonical])).to.deep.equal([
      ['40008', 'delivery_failed', 'failed'],
      [null, 'delivered', 'delivered'],
    ]);
  });

  it('any other placeholder inside a non-batch array takes the first element', () => {
    const template = `{ "id": "{{requestId}}", "from": "{{profileNumber}}", "text": "{{inboundMessage}}",
      "at": "{{originTimestamp}}", "to": [{ "phone_number": "{{inboundNumber}}" }] }`;
    const event = extract(template, {
      ...mo('a', '12015550003', 'x'),
      to: [{ phone_number: '+18445550001' }, { phone_number: '+18445550002' }],
    }).events[0] as InboundEvent;
    expect(event.inboundNumber).to.equal('+18445550001');
  });

  it('a literal inside an array must hold for every element', () => {
    const template = `{ "id": "{{client_reference}}", "parts": [{ "kind": "sms", "status": "{{status}}" }], "code": "{{code}}" }`;
    const compiled = compileTemplate(template);
    expect(
      compiled.extract({
        id: 'x',
        parts: [
          { kind: 'sms', status: 'sent' },
          { kind: 'sms', status: 'sent' },
        ],
      }).ok,
    ).to.equal(true);
    const match = compiled.extract({
      id: 'x',
      parts: [
        { kind: 'sms', status: 'sent' },
        { kind: 'mms', status: 'sent' },
      ],
    });
    expect(match.ok).to.equal(false);
    if (!match.ok) expect(match.mismatch.path).to.equal('$.parts[1].kind');
  });
});
