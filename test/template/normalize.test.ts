import { expect } from 'chai';
import fc from 'fast-check';
import { normalizePhone, normalizeSender } from '../../src/template/normalize-phone.ts';
import { fromAnyShape, normalizeTimestamp } from '../../src/template/normalize-timestamp.ts';

describe('normalising phone numbers', () => {
  it('treats all-digit numbers as international and keeps E.164 as is', () => {
    expect(normalizePhone('12015555555')).to.equal('+12015555555');
    expect(normalizePhone('+11203494390')).to.equal('+11203494390');
    expect(normalizePhone(385916242493)).to.equal('+385916242493');
    expect(normalizePhone('0046702571492')).to.equal('+46702571492');
    expect(normalizePhone('+1 (201) 555-5555')).to.equal('+12015555555');
  });

  it('gives null for what is not a possible phone number', () => {
    for (const value of ['1234', 'AcmeInc', '', null, undefined, 12.5, '+999999999999999999']) {
      expect(normalizePhone(value), String(value)).to.equal(null);
    }
  });

  it('keeps an alphanumeric sender id as given', () => {
    expect(normalizeSender('AcmeInc')).to.equal('AcmeInc');
    expect(normalizeSender('447700900000')).to.equal('+447700900000');
  });
});

describe('normalising timestamps to ISO-8601 UTC', () => {
  const cases: Array<[unknown, string | null]> = [
    ['2024-06-06T07:52:37.386Z', '2024-06-06T07:52:37.386Z'],
    ['2016-10-06T09:28:39.220+0000', '2016-10-06T09:28:39.220Z'],
    ['2019-12-09T21:40:02.310+00:00', '2019-12-09T21:40:02.310Z'],
    ['2019-12-09T23:40:02+02:00', '2019-12-09T21:40:02.000Z'],
    ['2019-12-09T16:10:02-0530', '2019-12-09T21:40:02.000Z'],
    ['2020-01-01 12:00:00', '2020-01-01T12:00:00.000Z'],
    ['2022-02-07T20:01:09.892757478Z', '2022-02-07T20:01:09.892757478Z'],
    ['2020-04-24T08:02:50.184581Z', '2020-04-24T08:02:50.184581Z'],
    ['2020-04-24T08:02:50.1Z', '2020-04-24T08:02:50.100Z'],
    ['2020-04-24T08:02:50.1234567891Z', '2020-04-24T08:02:50.123456789Z'],
    [1717660357, '2024-06-06T07:52:37.000Z'],
    [1717660357386, '2024-06-06T07:52:37.386Z'],
    ['1717660357', '2024-06-06T07:52:37.000Z'],
    ['2024-02-30T00:00:00Z', null],
    ['2024-06-06T24:00:00Z', null],
    ['0050-06-06T07:52:37+02:00', '0050-06-06T05:52:37.000Z'],
    ['0000-01-01T00:30:00+01:00', null],
    ['9999-12-31T23:30:00-01:00', null],
    ['yesterday', null],
    [true, null],
    [1e20, null],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${String(expected)}`, () => {
      expect(normalizeTimestamp(input)).to.equal(expected);
    });
  }

  it('reads a zone-less time as UTC whatever the local zone', () => {
    expect(normalizeTimestamp('2020-01-01 12:00:00')).to.equal(new Date(Date.UTC(2020, 0, 1, 12)).toISOString());
  });

  it('reads the common ISO shapes by position exactly as the full grammar reads them (fast-check)', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const shaped = fc
      .record({
        year: fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
        month: two(13),
        day: two(32),
        separator: fc.constantFrom('T', ' ', 't'),
        hour: two(25),
        minute: two(61),
        second: two(61),
        fraction: fc.oneof(fc.constant(''), fc.stringMatching(/^[.,]\d{0,12}$/)),
        zone: fc.oneof(
          fc.constantFrom(
            '',
            'Z',
            'z',
            ' Z',
            'UTC',
            '+00:00',
            '-00:00',
            '+0000',
            '+00',
            '-05:30',
            '+1400',
            '+24:00',
            '+05:60',
            '+5',
          ),
          fc
            .tuple(fc.constantFrom('+', '-'), two(30), fc.constantFrom('', ':'), fc.oneof(fc.constant(''), two(70)))
            .map(([sign, hours, colon, minutes]) => `${sign}${hours}${minutes === '' ? '' : colon}${minutes}`),
        ),
      })
      .map((p) => `${p.year}-${p.month}-${p.day}${p.separator}${p.hour}:${p.minute}:${p.second}${p.fraction}${p.zone}`);
    fc.assert(
      fc.property(fc.oneof(shaped, fc.string()), (text) => {
        expect(normalizeTimestamp(text), text).to.equal(fromAnyShape(text));
      }),
      { numRuns: 3000 },
    );
  });
});
