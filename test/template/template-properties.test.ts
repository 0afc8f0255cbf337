// Property tests: for random provider payloads, a template derived from the payload extracts exactly the
// values planted in it, and its literals are conditions that reject payloads that differ.
import { expect } from 'chai';
import fc from 'fast-check';
import type { FeedbackEvent, InboundEvent } from '../../src/events.ts';
import { jsonPath } from '../../src/json/parse-json-body.ts';
import { compileTemplate } from '../../src/template/compile-template.ts';
import { TemplateCompileError } from '../../src/template/template-compile-error.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Template =
  { placeholder: string; bare: boolean } | { literal: Json } | { object: Map<string, Template> } | { array: Template };

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const key = fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }).filter((k) => !FORBIDDEN.has(k));
const scalar: fc.Arbitrary<Json> = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const payloadObject = fc
  .dictionary(key, fc.oneof(scalar, fc.dictionary(key, scalar, { maxKeys: 3 }), fc.array(scalar, { maxLength: 3 })), {
    maxKeys: 6,
  })
  .map((record) => Object.fromEntries(Object.entries(record)) as { [key: string]: Json });
/** Distinct key paths of length 1-3, none a prefix of another. */
const paths = (count: number) =>
  fc
    .uniqueArray(fc.array(key, { minLength: 1, maxLength: 3 }), {
      minLength: count,
      maxLength: count,
      selector: (path) => path.join('\u0000'),
    })
    .filter((all) =>
      all.every((a, i) => all.every((b, j) => i === j || !b.join('\u0000').startsWith(a.join('\u0000')))),
    );

function plant(payload: { [key: string]: Json }, path: string[], value: Json): void {
  let node = payload;
  path.slice(0, -1).forEach((step) => {
    const next = Object.hasOwn(node, step) ? node[step] : undefined;
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[step] = {};
    node = node[step] as { [key: string]: Json };
  });
  node[path.at(-1) ?? ''] = value;
}

function place(template: Map<string, Template>, path: string[], leaf: Template): void {
  let node = template;
  path.slice(0, -1).forEach((step) => {
    const next = node.get(step);
    if (next === undefined || !('object' in next)) node.set(step, { object: new Map() });
    node = (node.get(step) as { object: Map<string, Template> }).object;
  });
  node.set(path.at(-1) ?? '', leaf);
}

/** Serialises a template; `{` in literal text is escaped so that it cannot start a placeholder. */
function text(template: Template): string {
  const string = (value: string) => JSON.stringify(value).replace(/\{/g, '\\u007b');
  if ('placeholder' in template) return template.bare ? `{{${template.placeholder}}}` : `"{{${template.placeholder}}}"`;
  if ('array' in template) return `[\n${text(template.array)}\n]`;
  if ('object' in template)
    return `{\n${[...template.object].map(([k, v]) => `${string(k)}: ${text(v)}`).join(',\n')}\n}`;
  const literal = template.literal;
  return typeof literal === 'string' ? string(literal) : JSON.stringify(literal);
}

/** All-digit international numbers of real numbering plans (US, UK, Sweden, Croatia). */
const digits = fc
  .tuple(fc.constantFrom('1201555', '44770090', '46702', '38591'), fc.stringMatching(/^\d{4,7}$/))
  .map(([prefix, rest]) =>
    (prefix + rest + '0000000').slice(0, prefix.startsWith('1') ? 11 : prefix.startsWith('46') ? 11 : 12),
  );
const inboundValues = fc.record({
  inboundMessage: fc.string({ unit: 'binary' }),
  profileNumber: digits,
  requestId: fc.oneof(fc.string({ unit: 'binary', minLength: 1 }), fc.nat()),
  originTimestamp: fc
    .date({ min: new Date(0), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  inboundNumber: digits,
});
const feedbackValues = fc.record({
  client_reference: fc.string({ unit: 'binary', minLength: 1 }),
  failureCode: fc.oneof(fc.integer(), fc.string({ unit: 'binary' }), fc.constant(null)),
  feedbackStatus: fc.constantFrom('delivered', 'failed', 'queued', 'DELIVERED', 'something else'),
});

describe('templates derived from random payloads (fast-check)', () => {
  it('an inbound template extracts exactly the five values planted at random paths', () => {
    fc.assert(
      fc.property(
        payloadObject,
        paths(5),
        inboundValues,
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        (payload, where, values, bare) => {
          const template = new Map<string, Template>();
          Object.entries(values).forEach(([name, value], i) => {
            plant(payload, where[i] ?? [], value);
            place(template, where[i] ?? [], { placeholder: name, bare: bare[i] ?? false });
          });
          const match = compileTemplate(text({ object: template })).extract(payload);
          if (!match.ok) throw new Error(`${match.mismatch.path}: ${match.mismatch.message}`);
          const event = match.extraction.events[0] as InboundEvent;
          expect(match.extraction.kind).to.equal('inbound');
          expect(event).to.deep.include(values);
          expect(event.normalized).to.deep.equal({
            profileNumber: `+${values.profileNumber}`,
            inboundNumber: `+${values.inboundNumber}`,
            originTimestamp: values.originTimestamp,
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a batch template (results[] of random length) gives one event per element with its own values', () => {
    fc.assert(
      fc.property(paths(3), fc.array(fc.tuple(payloadObject, feedbackValues), { maxLength: 5 }), (where, elements) => {
        const element = new Map<string, Template>();
        ['client_reference', 'failureCode', 'feedbackStatus'].forEach((name, i) =>
          place(element, where[i] ?? [], { placeholder: name, bare: false }),
        );
        const results = elements.map(([payload, values]) => {
          Object.values(values).forEach((value, i) => plant(payload, where[i] ?? [], value));
          return payload;
        });
        const template = text({ object: new Map([['results', { array: { object: element } }]]) });
        const match = compileTemplate(template).extract({ results });
        if (!match.ok) throw new Error(`${match.mismatch.path}: ${match.mismatch.message}`);
        const events = match.extraction.events as FeedbackEvent[];
        expect(
          events.map((event) => [event.clientReference, event.statuses.map(({ code, status }) => [code, status])]),
        ).to.deep.equal(
          elements.map(([, values]) => [values.client_reference, [[values.failureCode, values.feedbackStatus]]]),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('a literal in the template accepts the payload that has it and rejects one that differs, naming its path', () => {
    fc.assert(
      fc.property(payloadObject, paths(4), feedbackValues, scalar, scalar, (payload, where, values, literal, other) => {
        fc.pre(!Object.is(literal, other) && literal !== other);
        const template = new Map<string, Template>();
        Object.entries(values).forEach(([name, value], i) => {
          plant(payload, where[i] ?? [], value);
          place(template, where[i] ?? [], { placeholder: name, bare: false });
        });
        const literalPath = where[3] ?? [];
        plant(payload, literalPath, literal);
        place(template, literalPath, { literal });
        const compiled = compileTemplate(text({ object: template }));
        expect(compiled.extract(payload).ok).to.equal(true);
        plant(payload, literalPath, other);
        const rejected = compiled.extract(payload);
        expect(rejected.ok).to.equal(false);
        if (!rejected.ok) expect(rejected.mismatch.path).to.equal(literalPath.reduce(jsonPath, '$'));
      }),
      { numRuns: 200 },
    );
  });

  it('any text either compiles or fails with located problems, never another error', () => {
    const pieces = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      '"',
      ':',
      ',',
      '{{',
      '}}',
      'requestId',
      'status',
      'nope',
      ' ',
      '\n',
      '1',
      'true',
      '// c\n',
      '\\',
      'a',
      '__proto__',
    );
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join('')),
        (source) => {
          try {
            compileTemplate(source);
          } catch (error) {
            expect(error).to.be.instanceOf(TemplateCompileError);
            for (const problem of (error as TemplateCompileError).problems) {
              expect(problem.line).to.be.at.least(1);
              expect(problem.column).to.be.at.least(1);
              expect(problem.message).to.be.a('string').and.not.equal('');
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
