// The recogniser behind `optline template suggest`, on small bodies: which value each field takes and why, what
// is left to the admin, and that every proposal is a template that compiles and reads its own sample.
import { expect } from 'chai';
import type { EventKind, Extraction } from '../../src/events.ts';
import { parseJsonBody } from '../../src/json/parse-json-body.ts';
import { compileTemplate, extractOrMismatch } from '../../src/template/compile-template.ts';
import { MAX_VALUES } from '../../src/template/suggest/payload-values.ts';
import { suggestTemplate, todoKey, type TemplateSuggestion } from '../../src/template/suggest/suggest-template.ts';

/** The JSON path each placed field reads, e.g. { requestId: '$.message.id' }. */
function placements(suggestion: TemplateSuggestion): Record<string, string> {
  const placed: Record<string, string> = {};
  for (const { field, chosen } of suggestion.fields) {
    if (chosen !== undefined) placed[field] = pathText(chosen.path);
  }
  return placed;
}

function pathText(path: readonly (string | null)[]): string {
  return '$' + path.map((step) => (step === null ? '[0]' : `.${step}`)).join('');
}

function extractWith(suggestion: TemplateSuggestion, payload: unknown): Extraction {
  const result = extractOrMismatch(compileTemplate(suggestion.text, { kind: suggestion.kind }), payload);
  if (result.kind === 'mismatch') throw new Error(`${result.path}: ${result.message}\n${suggestion.text}`);
  return result;
}

function suggest(payload: unknown, kind: EventKind): TemplateSuggestion {
  return suggestTemplate(payload, kind);
}

const INBOUND = {
  app_id: '01E3S8B6YCMRNR0GGM94H80ACX',
  event_time: '2020-04-24T08:02:49Z',
  message: {
    id: '01E6NKBV63YG6K01ENEW7S1N80',
    sender: '+44 7700 900001',
    destination: '447700900000',
    content: 'Hello there',
    keyword: 'HELLO',
    received: '2020-04-24T08:02:50.150+0000',
  },
};

describe('template suggest: the recogniser', () => {
  it('tells the customer’s number (sender) from yours (destination) and gives the E.164 form', () => {
    const suggestion = suggest(INBOUND, 'inbound');
    expect(placements(suggestion)).to.include({
      profileNumber: '$.message.sender',
      inboundNumber: '$.message.destination',
    });
    expect(suggestion.text).to.include('E.164 +447700900001');
  });

  it('takes the message id, not the app id, as the request id', () => {
    const suggestion = suggest(INBOUND, 'inbound');
    expect(placements(suggestion).requestId).to.equal('$.message.id');
    expect(suggestion.text).to.match(/also weighed \$\.app_id = "01E3S8B6YCMRNR0GGM94H80ACX": .*something else/);
  });

  it('takes the free text under a message key, not the keyword', () => {
    expect(placements(suggest(INBOUND, 'inbound')).inboundMessage).to.equal('$.message.content');
  });

  it('takes the arrival time beside the message id over an event time elsewhere', () => {
    const suggestion = suggest(INBOUND, 'inbound');
    expect(placements(suggestion).originTimestamp).to.equal('$.message.received');
    expect(suggestion.fields.find((field) => field.field === 'originTimestamp')?.alternatives[0]?.path).to.deep.equal([
      'event_time',
    ]);
  });

  const times: [string, unknown, string][] = [
    ['ISO with Z', '2024-06-06T07:52:37.386Z', '2024-06-06T07:52:37.386Z'],
    ['+0000 offset', '2016-10-06T09:28:39.220+0000', '2016-10-06T09:28:39.220Z'],
    ['+02:00 offset', '2016-10-06T11:28:39+02:00', '2016-10-06T09:28:39.000Z'],
    ['zone-less with a space', '2020-01-01 12:00:00', '2020-01-01T12:00:00.000Z'],
    ['epoch seconds', 1577880000, '2020-01-01T12:00:00.000Z'],
    ['epoch milliseconds as digits', '1577880000123', '2020-01-01T12:00:00.123Z'],
  ];
  for (const [format, value, iso] of times) {
    it(`recognises a time written as ${format}`, () => {
      const payload = { id: 'MSG-000123', from: '447700900001', to: '447700900000', text: 'hi', timestamp: value };
      const suggestion = suggest(payload, 'inbound');
      expect(placements(suggestion).originTimestamp).to.equal('$.timestamp');
      expect(suggestion.text).to.include(`time (${iso})`);
    });
  }

  it('does not read an id made of digits as an epoch time', () => {
    const payload = { message_id: '1577880000123', from: '447700900001', to: '447700900000', text: 'hi' };
    const suggestion = suggest(payload, 'inbound');
    expect(placements(suggestion).requestId).to.equal('$.message_id');
    expect(placements(suggestion)).to.not.have.property('originTimestamp');
  });

  it('places a status word and an error code in a delivery report, and the client reference', () => {
    const payload = {
      type: 'dlr',
      state: 'DELIVERED',
      error: { code: 0, description: 'No error' },
      network_code: '23410',
      client_ref: 'order-42',
      message_uuid: 'aaaa-bbbb-1111',
    };
    const suggestion = suggest(payload, 'feedback');
    expect(placements(suggestion)).to.deep.include({
      feedbackStatus: '$.state',
      failureCode: '$.error.code',
      clientReference: '$.client_ref',
      messageId: '$.message_uuid',
    });
    expect(suggestion.openDecisions.join('\n')).to.include('add the condition "type": "dlr"');
  });

  it('takes a client reference in an inbound body only under a key that says it is yours', () => {
    const base = { messageId: 'MSG-000123', msisdn: '447700900001', to: '447700900000', text: 'part two' };
    expect(placements(suggest({ ...base, 'concat-ref': '1' }, 'inbound'))).to.not.have.property('clientReference');
    expect(placements(suggest({ ...base, 'client-ref': 'order-42' }, 'inbound'))).to.include({
      clientReference: '$.client-ref',
    });
  });

  it('says when the status word is not one Optline’s Custom table knows', () => {
    const suggestion = suggest({ status: 'Aborted', client_ref: 'x-1', code: 412 }, 'feedback');
    expect(placements(suggestion).feedbackStatus).to.equal('$.status');
    expect(suggestion.openDecisions.join('\n')).to.include('"Aborted" is not in Optline\'s Custom status table');
  });

  it('puts a field the sample lacks under a TODO key that reads null, and says so', () => {
    const payload = { from: '447700900001', id: 'MSG-000123', text: 'hello', date: '2020-01-01 12:00:00' };
    const suggestion = suggest(payload, 'inbound');
    expect(suggestion.text).to.include(`"${todoKey('inboundNumber')}": "{{inboundNumber}}"`);
    expect(suggestion.openDecisions[0]).to.match(/^\{\{inboundNumber\}\}: no value in the sample fits/);
    const extraction = extractWith(suggestion, payload);
    expect(extraction.events[0]).to.include({ inboundNumber: null, profileNumber: '447700900001' });
  });

  it('proposes a batch when the events sit in an array, and every element extracts', () => {
    const element = { id: 'MSG-000123', from: '447700900001', to: '447700900000', text: 'STOP', at: 1577880000 };
    const payload = { results: [element, { ...element, id: 'MSG-000124', text: 'START' }] };
    const suggestion = suggest(payload, 'inbound');
    expect(placements(suggestion).requestId).to.equal('$.results[0].id');
    const extraction = extractWith(suggestion, payload);
    expect(extraction.events.map((event) => (event as { inboundMessage: unknown }).inboundMessage)).to.deep.equal([
      'STOP',
      'START',
    ]);
  });

  it('cuts sample values in the comments to 40 characters and keeps each comment on one line', () => {
    const text = `Line one\u2028${'x'.repeat(100)}`;
    const payload = { id: 'MSG-000123', from: '447700900001', to: '447700900000', text, received_at: 1577880000 };
    const suggestion = suggest(payload, 'inbound');
    expect(suggestion.text).to.include('"Line one\\u2028xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"');
    expect(suggestion.text).to.not.include('x'.repeat(41));
    expect(suggestion.text).to.not.include('\u2028');
    expect(extractWith(suggestion, payload).events[0]).to.include({ inboundMessage: text });
  });

  it('writes keys that hold {{ so that they cannot open a placeholder', () => {
    const payload = { 'in{{put}}': { id: 'MSG-000123', from: '447700900001', to: '447700900000', text: 'hi' } };
    const suggestion = suggest(payload, 'inbound');
    expect(suggestion.text).to.include('"in\\u007b\\u007bput}}"');
    expect(extractWith(suggestion, payload).events[0]).to.include({ requestId: 'MSG-000123' });
  });

  it('places nothing under keys a template may not address (constructor, prototype)', () => {
    const payload = {
      constructor: { prototype: { text: 'a message in the wrong place' } },
      id: 'MSG-000123',
      from: '447700900001',
      to: '447700900000',
      body: 'hi',
    };
    const suggestion = suggest(payload, 'inbound');
    expect(placements(suggestion).inboundMessage).to.equal('$.body');
    expect(suggestion.text).to.not.include('constructor');
    expect(extractWith(suggestion, payload).events[0]).to.include({ inboundMessage: 'hi' });
  });

  it(`examines at most ${MAX_VALUES} values of a hostile sample and says it stopped`, () => {
    const wide: Record<string, string> = {};
    for (let i = 0; i < MAX_VALUES * 3; i++) wide[`k${i}`] = `v${i}`;
    wide.text = 'the message, beyond the cap';
    const suggestion = suggestTemplate(parseJsonBody(JSON.stringify(wide)), 'inbound');
    expect(placements(suggestion)).to.not.have.property('inboundMessage');
    expect(suggestion.openDecisions.join('\n')).to.include('more values than were examined');
    const small = suggestTemplate({ text: 'the message, within the cap' }, 'inbound');
    expect(placements(small)).to.include({ inboundMessage: '$.text' });
  });
});
