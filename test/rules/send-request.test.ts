import { expect } from 'chai';
import { loadRuleText } from '../../src/rules/load-rule-file.ts';
import { RuleFileError } from '../../src/rules/rule-file-error.ts';

const inlineVonage = {
  msisdn: '{{profileNumber}}',
  to: '{{inboundNumber}}',
  messageId: '{{requestId}}',
  text: '{{inboundMessage}}',
  'message-timestamp': '{{originTimestamp}}',
};

function ruleFile(extra: Record<string, unknown>): string {
  return JSON.stringify(
    {
      id: 'send-test',
      name: 'Send test',
      version: '1.0.0',
      vendor: 'custom',
      type: 'inbound',
      credentials: 'c',
      senderNumber: '+15550100',
      payload: inlineVonage,
      ...extra,
    },
    null,
    2,
  );
}

async function problemsOf(text: string) {
  try {
    await loadRuleText(text, '/virtual/send-test.webhook.json');
  } catch (error) {
    if (error instanceof RuleFileError) return error.problems;
    throw error;
  }
  return [];
}

describe('the send request of a Custom webhook', () => {
  it('loads with the webhook, ready for the dispatcher', async () => {
    const send = {
      url: '{{credentials.baseUrl}}/sms',
      body: '{"to":{{json to}},"text":{{json text}}}',
      messageIdPath: '$.id',
    };
    const definition = await loadRuleText(ruleFile({ send }), '/virtual/send-test.webhook.json');
    expect(definition.send).to.deep.equal(send);
  });

  it('names the pointer, line and column of a template variable the request cannot have', async () => {
    const problems = await problemsOf(
      ruleFile({
        send: {
          url: '{{credentials.baseUrl}}/sms',
          body: '{"text":{{json text}}}',
          headers: { 'X-Key': '{{apiKey}}' },
        },
      }),
    );
    const byPointer = new Map(problems.map((problem) => [problem.pointer, problem]));
    expect(byPointer.get('/send/headers/X-Key')?.message).to.match(/apiKey/);
    const header = byPointer.get('/send/headers/X-Key')!;
    expect(header.line).to.be.greaterThan(1);
    expect(header.column).to.be.greaterThan(1);
  });

  it('is refused on a native vendor, which sends with its own client', async () => {
    const text = JSON.stringify({
      id: 's',
      name: 's',
      version: '1.0.0',
      vendor: 'sinch',
      credentials: 'c',
      senderNumber: '+15550100',
      send: { url: 'http://x' },
    });
    const problems = await problemsOf(text);
    expect(problems.some((problem) => problem.pointer.startsWith('/send'))).to.equal(true);
  });
});
