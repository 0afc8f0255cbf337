// An Infobip inbound batch of STOPs from as many people, padded to just under the callback body limit: the
// 256 KiB, 2,439-result body of issue 15 (finding 1), for the test and the benchmark that measure its storage.
import { BODY_LIMIT_BYTES } from '../../src/http/json-body.ts';

export const BATCH_RESULTS = 2439;

export function infobipBatch(prefix: string, count = BATCH_RESULTS): { text: string; numbers: string[] } {
  const numbers = Array.from({ length: count }, (_, index) => `+1202555${String(index).padStart(4, '0')}`);
  const result = (index: number, pad: string) =>
    JSON.stringify({
      messageId: `${prefix}-${index}`,
      from: numbers[index]!.slice(1),
      to: '15550102',
      text: 'STOP',
      keyword: pad,
    });
  const bare = numbers.reduce((length, _, index) => length + result(index, '').length + 1, 40);
  const pad = 'x'.repeat(Math.max(0, Math.floor((BODY_LIMIT_BYTES - 512 - bare) / count)));
  const text = `{"results":[${numbers.map((_, index) => result(index, pad)).join(',')}],"messageCount":${count}}`;
  return { text, numbers };
}
