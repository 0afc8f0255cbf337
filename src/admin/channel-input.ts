// Validates a channel configuration {name, credentials, senderNumbers}, from the API or a *.channel.json file.
import { nameProblems, SENDER_NUMBER_PATTERN } from './admin-names.ts';
import type { ChannelConfiguration } from './admin-store.ts';
import { isRecord } from '../json/is-record.ts';
import { unknownProperties, type FieldProblem } from './field-problem.ts';

export function checkChannelBody(body: unknown): { ok: true; value: ChannelConfiguration } | { ok: false; problems: FieldProblem[] } {
  if (!isRecord(body)) return { ok: false, problems: [{ path: '', message: 'must be a JSON object' }] };
  const problems: FieldProblem[] = [
    ...unknownProperties(body, ['name', 'credentials', 'senderNumbers']),
    ...nameProblems(body.name),
    ...nameProblems(body.credentials, '/credentials'),
  ];
  const numbers = body.senderNumbers;
  if (!Array.isArray(numbers)) problems.push({ path: '/senderNumbers', message: 'is required and must be an array of sender numbers' });
  else {
    numbers.forEach((number: unknown, index) => {
      if (typeof number !== 'string' || !SENDER_NUMBER_PATTERN.test(number)) {
        problems.push({ path: `/senderNumbers/${index}`, message: 'must be E.164 (+15550100) or a short code (12345)' });
      } else if (numbers.indexOf(number) !== index) {
        problems.push({ path: `/senderNumbers/${index}`, message: `${number} is listed twice` });
      }
    });
  }
  if (problems.length > 0 || !Array.isArray(numbers)) return { ok: false, problems };
  return { ok: true, value: { name: String(body.name), credentials: String(body.credentials), senderNumbers: numbers.map(String) } };
}
