import { expect } from 'chai';
import fc from 'fast-check';
import { MessageIdPathError, parseMessageIdPath, readMessageIdAt } from '../../src/send/message-id-path.ts';

describe('message id path', () => {
  it('parses dotted names, indexes and quoted names', () => {
    expect(parseMessageIdPath('$')).to.deep.equal([]);
    expect(parseMessageIdPath('$.messages[0].messageId')).to.deep.equal(['messages', 0, 'messageId']);
    expect(parseMessageIdPath(`$['a.b']["c\\"d"].e-f`)).to.deep.equal(['a.b', 'c"d', 'e-f']);
  });

  it('refuses what it does not understand, saying where', () => {
    expect(() => parseMessageIdPath('messages[0]')).to.throw(MessageIdPathError, /must start with \$/);
    expect(() => parseMessageIdPath('$.messages[*].id')).to.throw(MessageIdPathError, /at character 11/);
    expect(() => parseMessageIdPath('$..id')).to.throw(MessageIdPathError, /at character 2/);
  });

  it('reads a non-empty string or a finite number, and nothing else', () => {
    const body = { a: [{ id: 'x1' }, { id: 42 }, { id: '' }, { id: null }, { id: { nested: true } }] };
    const at = (index: number) => readMessageIdAt(body, ['a', index, 'id']);
    expect([0, 1, 2, 3, 4, 5].map(at)).to.deep.equal(['x1', '42', null, null, null, null]);
    expect(readMessageIdAt('plain text', ['id'])).to.equal(null);
    expect(readMessageIdAt({ id: 'x' }, [0])).to.equal(null);
  });

  it('never reads inherited properties', () => {
    expect(readMessageIdAt({}, ['constructor', 'name'])).to.equal(null);
    expect(readMessageIdAt([], ['length'])).to.equal(null);
  });

  it('never throws, whatever the response', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.oneof(fc.string(), fc.nat(5)), { maxLength: 4 }), (body, steps) => {
        const read = readMessageIdAt(body, steps);
        expect(read === null || (typeof read === 'string' && read.length > 0)).to.equal(true);
      }),
    );
  });
});
