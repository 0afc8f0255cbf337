import { expect } from 'chai';
import { maskNumber, sameNumber, textedNumber } from '../../src/webhooks/texted-number.ts';

const RULE_FILE_NUMBER = '+12025550143';
const event = (inboundNumber: unknown, normalized: string | null = null) => ({
  inboundNumber,
  normalized: { inboundNumber: normalized, profileNumber: null, originTimestamp: null },
});

describe('the number texted', () => {
  it('is the inbound number in E.164 where it has one', () => {
    expect(textedNumber(event('447911123456', '+447911123456'), RULE_FILE_NUMBER)).to.equal('+447911123456');
  });

  it('keeps a short code and an alphanumeric sender id as sent, digits or letters as they are', () => {
    expect(textedNumber(event('12345'), RULE_FILE_NUMBER)).to.equal('12345');
    expect(textedNumber(event(12345), RULE_FILE_NUMBER)).to.equal('12345');
    expect(textedNumber(event('00123'), RULE_FILE_NUMBER)).to.equal('00123');
    expect(textedNumber(event(' AcmeInc '), RULE_FILE_NUMBER)).to.equal('AcmeInc');
  });

  it("is the rule file's sender number only when the payload has none", () => {
    expect(textedNumber(event(null), RULE_FILE_NUMBER)).to.equal(RULE_FILE_NUMBER);
    expect(textedNumber(event(''), RULE_FILE_NUMBER)).to.equal(RULE_FILE_NUMBER);
    // The rule file's own number written without its '+' (it does not normalise: 555-01xx) is that number.
    expect(textedNumber(event('15550100'), '+15550100')).to.equal('+15550100');
    expect(textedNumber(event('15550101'), '+15550100')).to.equal('15550101');
  });

  it('compares numbers by their digits, never letters', () => {
    expect(sameNumber('+1 202-555-0143', '12025550143')).to.equal(true);
    expect(sameNumber('12345', '+12345')).to.equal(true);
    expect(sameNumber('12345', '123456')).to.equal(false);
    expect(sameNumber('Acme1', '1')).to.equal(false);
  });

  it('masks a number for logs, keeping its first five and last two characters', () => {
    expect(maskNumber('+12025550143')).to.equal('+1202*****43');
    expect(maskNumber('12345')).to.equal('12***');
  });
});
