// The generated fast path (generate-extractor.ts) against the interpreting walk (template-program.ts), the
// reference: for random templates and payloads shaped like them, the fast path gives the interpreter's
// events exactly, and gives up exactly when the interpreter finds a mismatch.
import { expect } from 'chai';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventKind } from '../../src/events.ts';
import { compileTemplateWith } from '../../src/template/compile-template.ts';
import type { CompiledTemplate } from '../../src/template/compiled-template.ts';
import { TemplateCompileError } from '../../src/template/template-compile-error.ts';
import { infobipStatusOf } from '../../src/vendors/infobip/status-table.ts';
import { PAYLOADS_DIR } from '../support/corpus.ts';

type Shape =
  | { slot: true }
  | { literal: string | number | boolean | null }
  | { object: Array<[string, Shape]> }
  | { array: Shape | null }
  | { embedded: Shape }
  | { each: Shape };
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const NAMES: Record<EventKind, string[]> = {
  inbound: [
    'requestId',
    'profileNumber',
    'inboundMessage',
    'originTimestamp',
    'inboundNumber',
    'clientReference',
    'mediaUrl',
  ],
  feedback: [
    'clientReference',
    'failureCode',
    'feedbackStatus',
    'messageId',
    'recipient',
    'seenAt',
    'statusTimestamp',
    'statusDetail',
    'failureCode',
    'feedbackStatus',
  ],
};

const keyName = fc.constantFrom('a', 'b', 'id', 'from', 'results', 'status', 'toString', 'constructor x', 'ü');
const literal = fc.oneof(
  fc.constantFrom('mo_text', 'x', '', 'toString'),
  fc.integer({ min: -2, max: 2 }),
  fc.boolean(),
  fc.constant(null),
);
const { shape } = fc.letrec<{ shape: Shape }>((tie) => ({
  shape: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<Shape>({ slot: true }),
    literal.map((value): Shape => ({ literal: value })),
    fc
      .uniqueArray(fc.tuple(keyName, tie('shape')), { maxLength: 4, selector: ([name]) => name })
      .map((members): Shape => ({ object: members })),
    fc.option(tie('shape'), { nil: null }).map((element): Shape => ({ array: element })),
    tie('shape').map((inner): Shape => ({ embedded: inner })),
    tie('shape').map((element): Shape => ({ each: element })),
  ),
}));

/** Template text with the slots named in order; slots beyond the names become literals. Codes and statuses may repeat. */
function templateText(root: Shape, kind: EventKind): string {
  const names = [...NAMES[kind]];
  const write = (node: Shape): string => {
    if ('slot' in node) {
      const name = names.shift();
      return name === undefined ? '"spare"' : `"{{${name}}}"`;
    }
    if ('literal' in node) return JSON.stringify(node.literal);
    if ('array' in node) return node.array === null ? '[]' : `[${write(node.array)}]`;
    if ('embedded' in node) return `{"{{json}}": ${write(node.embedded)}}`;
    if ('each' in node) return `{"{{each}}": ${write(node.each)}}`;
    return `{${node.object.map(([name, value]) => `${JSON.stringify(name)}: ${write(value)}`).join(', ')}}`;
  };
  return write(root);
}

const scalarValue = fc.oneof(
  fc.constantFrom(
    'STOP',
    '12015555555',
    '+447700900123',
    '2024-06-06T07:52:37.386Z',
    '2016-10-06T09:28:39.220+0000',
    '',
    'delivered',
    'x',
  ),
  fc.integer({ min: -3, max: 2 ** 40 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

/** Values that suit each placeholder, so that many payloads fit and make events; any scalar now and then. */
const SUITED: Record<string, fc.Arbitrary<Json>> = {
  inboundMessage: fc.oneof(fc.constantFrom('STOP', 'YES', 'Hello 👋', ''), fc.string({ maxLength: 6 })),
  profileNumber: fc.oneof(
    { arbitrary: fc.constantFrom('12015555555', '+447700900123'), weight: 8 },
    fc.constant(''),
    fc.integer({ min: 0, max: 2 ** 40 }),
  ),
  inboundNumber: fc.constantFrom('12017777777', 'AcmeInc', '+447700900000'),
  recipient: fc.constantFrom('12017777777', '+447700900000'),
  requestId: fc.oneof(fc.string({ maxLength: 6 }), fc.nat()),
  messageId: fc.oneof(fc.string({ maxLength: 6 }), fc.nat()),
  clientReference: fc.oneof(fc.string({ maxLength: 6 }), fc.nat()),
  originTimestamp: fc.oneof(
    fc.constantFrom('2024-06-06T07:52:37.386Z', '2020-01-01 12:00:00', '2016-10-06T09:28:39.220+0000', 'soon'),
    fc.nat(),
  ),
  seenAt: fc.constantFrom('2024-06-06T08:17:19.210Z', 1717661839),
  failureCode: fc.oneof(fc.nat(5000), fc.constantFrom('EC_UNKNOWN_SUBSCRIBER', '')),
  feedbackStatus: fc.constantFrom('delivered', 'Delivered', 'DELIVERED_TO_HANDSET', 'REJECTED', 'failed', 'x', 5),
  statusTimestamp: fc.oneof(fc.constantFrom('2024-06-06T07:52:37.386Z', '2020-01-01 12:00:00', 'soon'), fc.nat()),
  statusDetail: fc.constantFrom('No route', 'Carrier rejected', '', 40008),
};

/**
 * A payload that mostly follows the shape, with missing keys, nulls, wrong types and extra elements mixed in.
 * Slots are named in the order templateText names them.
 */
function payloadFor(root: Shape, kind: EventKind): fc.Arbitrary<Json | undefined> {
  const names = [...NAMES[kind]];
  const build = (node: Shape): fc.Arbitrary<Json | undefined> => {
    const noise = fc.oneof(scalarValue, fc.constant<Json>({}), fc.constant<Json>([]), fc.constant(undefined));
    let fitting: fc.Arbitrary<Json | undefined>;
    if ('slot' in node) {
      const suited = SUITED[names.shift() ?? ''];
      fitting =
        suited === undefined
          ? scalarValue
          : fc.oneof({ weight: 4, arbitrary: suited }, { weight: 1, arbitrary: scalarValue });
    } else if ('literal' in node) fitting = fc.constant(node.literal);
    else if ('array' in node) {
      const element = node.array;
      fitting =
        element === null
          ? fc.constant([])
          : fc.array(
              build(element).map((value) => value ?? null),
              { maxLength: 3 },
            );
    } else if ('each' in node) {
      // One element bare, or an array of them.
      const element = build(node.each);
      fitting = fc.oneof(
        element,
        fc.array(
          element.map((value) => value ?? null),
          { maxLength: 3 },
        ),
      );
    } else if ('embedded' in node) {
      // JSON inside a string, as SNS's Message; now and then text that is not JSON, or a __proto__ key.
      const text = build(node.embedded).map((value) => (value === undefined ? undefined : JSON.stringify(value)));
      const withProto = text.map((json) =>
        json?.startsWith('{') === true ? `{"__proto__": 1${json === '{}' ? '' : ', '}${json.slice(1)}` : json,
      );
      fitting = fc.oneof(
        { weight: 6, arbitrary: text },
        { weight: 1, arbitrary: withProto },
        { weight: 1, arbitrary: fc.constantFrom<Json>('{', 'not json', '[[[]]]') },
      );
    } else {
      fitting = fc
        .tuple(...node.object.map(([name, child]) => build(child).map((value) => [name, value] as const)))
        .map((entries) => Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as Json);
    }
    return fc.oneof({ weight: 6, arbitrary: fitting }, { weight: 1, arbitrary: noise });
  };
  return build(root);
}

/** Slots in a shape: an inbound template needs three (request id, sender, text) before it can make an event. */
function slots(node: Shape): number {
  if ('slot' in node) return 1;
  if ('literal' in node) return 0;
  if ('array' in node) return node.array === null ? 0 : slots(node.array);
  if ('embedded' in node) return slots(node.embedded);
  if ('each' in node) return slots(node.each);
  return node.object.reduce((sum, [, child]) => sum + slots(child), 0);
}

/**
 * Compiled as the built-in vendors compile theirs: inbound events may be binary (Sinch mo_binary); feedback
 * templates may place seenAt, which Infobip's status mapper reads.
 */
function compiled(text: string, kind: EventKind, binary = false): CompiledTemplate | undefined {
  try {
    return kind === 'inbound'
      ? compileTemplateWith(text, { kind, requireAll: false, binary })
      : compileTemplateWith(text, {
          kind,
          requireAll: false,
          extraPlaceholders: { seenAt: 'timestamp' },
          statusOf: infobipStatusOf,
        });
  } catch (error) {
    if (error instanceof TemplateCompileError) return undefined;
    throw error;
  }
}

function expectAgreement(template: CompiledTemplate, payload: unknown, label: string): void {
  const reference = template.interpret(payload);
  const fast = template.tryExtract(payload);
  if (reference.ok)
    expect(fast, `${label}: the fast path gave up on a payload that fits`).to.deep.equal(reference.extraction);
  else
    expect(
      fast,
      `${label}: the fast path accepted what the interpreter refuses (${reference.mismatch.message})`,
    ).to.equal(undefined);
  expect(template.extract(payload), label).to.deep.equal(reference);
}

describe('the generated extractor agrees with the interpreting walk', () => {
  for (const kind of ['inbound', 'feedback'] as const) {
    it(`for random ${kind} templates and payloads shaped like them (fast-check)`, () => {
      let events = 0;
      const templates = kind === 'inbound' ? shape.filter((root) => slots(root) >= 3) : shape;
      fc.assert(
        fc.property(
          templates.chain((root) =>
            fc.tuple(fc.constant(root), fc.array(payloadFor(root, kind), { minLength: 1, maxLength: 4 }), fc.boolean()),
          ),
          ([root, payloads, binary]) => {
            const text = templateText(root, kind);
            const template = compiled(text, kind, binary);
            if (template === undefined) return;
            for (const payload of payloads) {
              expectAgreement(template, payload, `${text} on ${JSON.stringify(payload)}`);
              const match = template.interpret(payload);
              if (match.ok) events += match.extraction.events.length;
            }
          },
        ),
        { numRuns: 1500 },
      );
      // The property means little unless many payloads make events (not only empty batches).
      expect(events).to.be.greaterThan(300);
    });
  }

  it('on every corpus payload, for every corpus template of both kinds', () => {
    const files = readdirSync(PAYLOADS_DIR).filter((file) => file.endsWith('.json') && file !== 'expected.json');
    const templates = [
      ...files.filter((file) => file.endsWith('.template.json')).map((file) => join(PAYLOADS_DIR, file)),
      ...readdirSync(join(PAYLOADS_DIR, 'native-equivalent-templates')).map((file) =>
        join(PAYLOADS_DIR, 'native-equivalent-templates', file),
      ),
    ];
    const payloads = files
      .filter((file) => !file.endsWith('.template.json'))
      .map((file) => ({ file, payload: JSON.parse(readFileSync(join(PAYLOADS_DIR, file), 'utf8')) as unknown }));
    let fitted = 0;
    for (const path of templates) {
      const text = readFileSync(path, 'utf8');
      for (const kind of ['inbound', 'feedback'] as const) {
        const template = compiled(text, kind);
        if (template === undefined) continue;
        for (const { file, payload } of payloads) {
          expectAgreement(template, payload, `${path} (${kind}) on ${file}`);
          if (template.interpret(payload).ok) fitted++;
        }
      }
    }
    expect(fitted).to.be.greaterThan(templates.length);
  });

  it('leaves a polluted Object.prototype to the interpreter, which reads own keys only', () => {
    const template = compileTemplateWith(
      '{"from": "{{profileNumber}}", "id": "{{requestId}}", "text": "{{inboundMessage}}"}',
      { kind: 'inbound', requireAll: false },
    );
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.from = '12015555555';
    try {
      expect(template.tryExtract({ id: '1', text: 'STOP' })).to.equal(undefined);
      const match = template.extract({ id: '1', text: 'STOP' });
      expect(match.ok).to.equal(false);
      if (!match.ok) expect(match.mismatch.path).to.equal('$.from');
    } finally {
      delete prototype.from;
    }
    expect(template.tryExtract({ from: '12015555555', id: '1', text: 'STOP' })?.events).to.have.length(1);
  });
});
