import { expect } from 'chai';
import { customExtractor, extractorFor } from '../../src/vendors/vendor-registry.ts';
import { compileTemplate } from '../../src/template/compile-template.ts';

const infobip = extractorFor('infobip');
const MO = {
  messageId: '1',
  from: '385916242493',
  to: '385921004026',
  text: 'STOP',
  receivedAt: '2016-10-06T09:28:39.220+0000',
};
const REPORT = {
  messageId: 'm1',
  to: '41793026727',
  status: { groupName: 'PENDING' },
  error: { id: 0 },
  callbackData: 'ref',
};

describe('the Infobip vendor', () => {
  it('tells inbound messages from reports on one URL, and restricts to one kind when asked', () => {
    expect(infobip.extract({ results: [MO] }).kind).to.equal('inbound');
    expect(infobip.extract({ results: [REPORT] }).kind).to.equal('feedback');
    expect(infobip.extract({ results: [MO] }, 'feedback').kind).to.equal('feedback');
    expect(infobip.extract({ results: [REPORT] }, 'inbound')).to.include({
      kind: 'mismatch',
      path: '$.results[0].from',
    });
  });

  it('synthesizes a final read status for a seen report, and only then', () => {
    const seen = infobip.extract({ results: [{ messageId: 'm', seenAt: '2018-12-12T11:21:58.251+0000' }] });
    const bare = infobip.extract({ results: [{ messageId: 'm' }] });
    expect(seen.kind === 'feedback' && seen.events[0]?.statuses).to.deep.equal([
      { code: null, status: null, canonical: 'read', final: true },
    ]);
    expect(bare.kind === 'feedback' && bare.events[0]?.statuses[0]?.canonical).to.equal('unknown');
  });

  it('PENDING is intermediate', () => {
    const result = infobip.extract({ results: [REPORT] });
    expect(result.kind === 'feedback' && result.events[0]?.statuses[0]).to.deep.include({
      canonical: 'queued',
      final: false,
    });
  });

  it('{{seenAt}} is not available to Custom templates', () => {
    expect(() =>
      compileTemplate('{ "id": "{{client_reference}}", "s": "{{status}}", "c": "{{code}}", "seen": "{{seenAt}}" }'),
    ).to.throw(/unknown placeholder \{\{seenAt\}\}/);
  });

  it('a Custom vendor refuses a callback of the other kind', () => {
    const vendor = customExtractor(
      compileTemplate('{ "id": "{{client_reference}}", "s": "{{status}}", "c": "{{code}}" }'),
    );
    expect(vendor.extract({ id: 'x', s: 'delivered', c: 0 }, 'inbound')).to.include({ kind: 'mismatch', path: '$' });
    expect(vendor.extract({ id: 'x', s: 'delivered', c: 0 }, 'feedback').kind).to.equal('feedback');
  });

  it('extractorFor refuses an unknown id', () => {
    expect(() => extractorFor('acme' as 'sinch')).to.throw(/unknown vendor "acme"/);
  });
});
