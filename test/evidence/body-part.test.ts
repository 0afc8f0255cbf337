import { expect } from 'chai';
import { bodyPartOf } from '../../src/evidence/body-part.ts';

const alice = { requestId: 'm-1', profileNumber: '15550001' };
const bob = { requestId: 'm-2', profileNumber: '15550002' };

describe('bodyPartOf: what of a callback body belongs to one person', () => {
  it('gives the whole body when it is one event of this person', () => {
    const body = JSON.stringify({ id: 'm-1', from: '15550001', text: 'STOP' });
    expect(bodyPartOf(body, [alice])).to.deep.equal({ kind: 'whole' });
  });

  it("gives only this person's element of a batch shared with another, by JSON path", () => {
    const body = JSON.stringify({
      results: [
        { id: 'm-1', from: '15550001', text: 'STOP' },
        { id: 'm-2', from: '15550002', text: 'JOIN' },
      ],
      messageCount: 2,
    });
    expect(bodyPartOf(body, [bob])).to.deep.equal({
      kind: 'elements',
      elements: [{ path: '$.results[1]', value: { id: 'm-2', from: '15550002', text: 'JOIN' } }],
    });
  });

  it('gives the whole body when every element of its batch is this person', () => {
    const body = JSON.stringify({
      results: [
        { id: 'm-1', from: '15550001', text: 'JOIN' },
        { id: 'm-3', from: '15550001', text: 'YES' },
      ],
    });
    expect(bodyPartOf(body, [alice, { requestId: 'm-3', profileNumber: '15550001' }])).to.deep.equal({
      kind: 'whole',
    });
    // One of the two is not among this person's events as given: the other element stays out.
    expect(bodyPartOf(body, [alice])).to.have.property('kind', 'elements');
  });

  it("does not take another person's element that holds the same value as the request id", () => {
    const body = JSON.stringify({
      results: [
        { id: 7, from: '15550002', smsCount: 7, text: 'secret of bob' },
        { id: 7, from: '15550001', smsCount: 1, text: 'STOP' },
      ],
    });
    const part = bodyPartOf(body, [{ requestId: 7, profileNumber: '15550001' }]);
    expect(part).to.deep.equal({
      kind: 'elements',
      elements: [{ path: '$.results[1]', value: { id: 7, from: '15550001', smsCount: 1, text: 'STOP' } }],
    });
  });

  it('matches values of the JSON type extracted: a numeric id is not its string', () => {
    const body = JSON.stringify({
      results: [
        { id: '7', from: '15550001' },
        { id: 8, from: '15550002' },
      ],
    });
    expect(bodyPartOf(body, [{ requestId: 7, profileNumber: '15550001' }])).to.have.property('kind', 'withheld');
  });

  it('follows JSON held in a string (an SNS Message), giving paths as templates read them', () => {
    const inner = { results: [alice, bob].map(({ requestId, profileNumber }) => ({ requestId, profileNumber })) };
    const body = JSON.stringify({ Type: 'Notification', Message: JSON.stringify(inner) });
    expect(bodyPartOf(body, [alice])).to.deep.equal({
      kind: 'elements',
      elements: [{ path: '$.Message.results[0]', value: { requestId: 'm-1', profileNumber: '15550001' } }],
    });
  });

  it('withholds a body whose part for this person cannot be found, and one that is not JSON', () => {
    const body = JSON.stringify({ results: [{ id: 'm-2', from: '15550002' }] });
    expect(bodyPartOf(body, [alice])).to.have.property('kind', 'withheld');
    expect(bodyPartOf('not json', [alice])).to.have.property('kind', 'withheld');
  });
});
