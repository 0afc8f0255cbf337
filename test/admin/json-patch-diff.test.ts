import { expect } from 'chai';
import fc from 'fast-check';
import jsonPatch, { type Operation } from 'fast-json-patch';
import { jsonPatchDiff } from '../../src/admin/json-patch-diff.ts';

/** The diff applied by an independent RFC 6902 implementation, which validates every operation first. */
function apply(document: unknown, operations: ReturnType<typeof jsonPatchDiff>): unknown {
  return jsonPatch.applyPatch(structuredClone(document), operations as Operation[], true, false).newDocument;
}

// Keys that Object.prototype also has, keys a JSON pointer must escape, and ordinary ones ("__proto__" is left
// out: as an own key it survives JSON.parse but not an object literal, so no applier can be held to it).
const key = fc.oneof(
  fc.constantFrom(
    'toString',
    'constructor',
    'hasOwnProperty',
    'valueOf',
    'isPrototypeOf',
    'a/b',
    '~',
    '~1',
    '/',
    'a~0b',
    '',
  ),
  fc.string({ maxLength: 6 }).filter((text) => text !== '__proto__'),
);
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 4 })),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(key, tie('json'), { maxKeys: 5, noNullPrototype: true }), // objects as JSON.parse makes them,
  ),
}));
// Pairs that share most of their shape, so the diff has to recurse rather than replace the whole document.
const related = json.chain((before) =>
  fc.tuple(
    fc.constant(before),
    fc.oneof(
      json,
      fc.constant(structuredClone(before)),
      fc.constant({ wrapped: before }),
      json.map((extra) => mergeInto(before, extra)),
    ),
  ),
);

function mergeInto(base: unknown, extra: unknown): unknown {
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return extra;
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) return { ...base, toString: extra };
  return { ...base, ...extra };
}

describe('the JSON Patch diff of two revisions', () => {
  it('turns any JSON document into any other when applied, keys named like Object.prototype members included', () => {
    fc.assert(
      fc.property(related, ([before, after]) => {
        expect(apply(before, jsonPatchDiff(before, after))).to.deep.equal(after);
        expect(apply(after, jsonPatchDiff(after, before))).to.deep.equal(before);
      }),
      { numRuns: 2000 },
    );
  });

  it('is empty for equal documents', () => {
    fc.assert(
      fc.property(json, (document) => {
        expect(jsonPatchDiff(document, structuredClone(document))).to.deep.equal([]);
      }),
      { numRuns: 500 },
    );
  });

  it('records removing a variable named toString and adding one named constructor', () => {
    const before = { id: 'acme', variables: { brand: 'ACME', toString: 'x' } };
    const after = { id: 'acme', variables: { brand: 'ACME', constructor: 'y' } };
    expect(jsonPatchDiff(before, after)).to.deep.equal([
      { op: 'remove', path: '/variables/toString' },
      { op: 'add', path: '/variables/constructor', value: 'y' },
    ]);
  });

  it('lists only what changed, by JSON pointer', () => {
    const before = {
      id: 'acme',
      version: '1.0.0',
      'a/b': 1,
      keywords: { optOut: { keywords: ['Stop', 'End', 'Quit'] } },
      variables: { brand: 'ACME' },
    };
    const after = {
      id: 'acme',
      version: '1.1.0',
      keywords: { optOut: { keywords: ['Stop', 'Cancel'] }, help: { keywords: ['Help'] } },
      'a/b': 2,
    };
    expect(jsonPatchDiff(before, after)).to.deep.equal([
      { op: 'remove', path: '/variables' },
      { op: 'replace', path: '/version', value: '1.1.0' },
      { op: 'replace', path: '/keywords/optOut/keywords/1', value: 'Cancel' },
      { op: 'remove', path: '/keywords/optOut/keywords/2' },
      { op: 'add', path: '/keywords/help', value: { keywords: ['Help'] } },
      { op: 'replace', path: '/a~1b', value: 2 },
    ]);
  });
});
