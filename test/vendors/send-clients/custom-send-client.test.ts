import { LOOPBACK_OUTBOUND } from '../../support/loopback-outbound.ts';
import { expect } from 'chai';
import type { Credentials } from '../../../src/credentials/credentials.ts';
import { AppError } from '../../../src/errors.ts';
import {
  createCustomSendClient,
  separateClosingBraces,
  type CustomSendRequest,
} from '../../../src/vendors/custom/custom-send-client.ts';
import { startFakeCustom, type FakeProvider } from '../../support/fake-providers.ts';
import { describeSendClientContract, MESSAGE } from './send-client-contract.ts';

const SECRET = 'c2VjcmV0LXdpdGgtcGFkZGluZw==';

function credentials(
  baseUrl: string,
  secret = SECRET,
  options: Record<string, unknown> = { region: 'eu' },
): Credentials {
  return { name: 'acme-gateway', vendor: 'custom', baseUrl, accountId: 'acct-9', secret, options };
}

function request(baseUrl: string, overrides: Partial<CustomSendRequest> = {}): CustomSendRequest {
  return {
    method: 'POST',
    url: `${baseUrl}/sms`,
    headers: { Authorization: 'Bearer {{credentials.secret}}' },
    body: '{"from":"{{from}}","to":"{{to}}","text":{{json text}}}',
    messageIdPath: '$.message_id',
    idempotencyHeader: 'Idempotency-Key',
    ...overrides,
  };
}

function problemsOf(build: () => unknown): Array<{ path: string; message: string }> {
  try {
    build();
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed')
      return error.details as Array<{ path: string; message: string }>;
    throw error;
  }
  throw new Error('expected the custom send request to be refused');
}

describeSendClientContract('Custom', async () => {
  const provider = await startFakeCustom({ path: '/sms', authorization: `Bearer ${SECRET}` });
  return {
    provider,
    client: (options) =>
      createCustomSendClient(credentials(provider.baseUrl), request(provider.baseUrl), {
        ...options,
        outbound: LOOPBACK_OUTBOUND,
      }),
    clientWithWrongSecret: () =>
      createCustomSendClient(credentials(provider.baseUrl, 'wrong'), request(provider.baseUrl), {
        outbound: LOOPBACK_OUTBOUND,
      }),
    idempotencyKeyOf: (recorded) => recorded.headers['idempotency-key'],
    messageIdIn: (answered) => (answered as { message_id?: unknown } | undefined)?.message_id,
  };
});

describe('Custom send client', () => {
  let provider: FakeProvider;
  beforeEach(async () => {
    provider = await startFakeCustom({ path: '/sms', authorization: `Bearer ${SECRET}` });
  });
  afterEach(() => provider.close());

  it('renders method, URL, headers and body from the templates, without HTML escaping', async () => {
    const tricky = { ...MESSAGE, text: 'Tom & Jerry said "hi"\nline <2> = it\'s ✓' };
    const outcome = await createCustomSendClient(credentials(provider.baseUrl), request(provider.baseUrl), {
      outbound: LOOPBACK_OUTBOUND,
    }).send(tricky);
    expect(outcome).to.deep.equal({ ok: true, providerMessageId: 'custom-1' });
    const [received] = provider.requests;
    expect(received?.method).to.equal('POST');
    expect(received?.path).to.equal('/sms');
    expect(received?.headers.authorization).to.equal(`Bearer ${SECRET}`);
    expect(received?.headers['idempotency-key']).to.equal('outbox-0001');
    expect(received?.headers['content-type']).to.equal('application/json');
    expect(received?.json).to.deep.equal({ from: '+15550001111', to: '+15557654321', text: tricky.text });
  });

  it('reads `}}}` after a plain mustache, and `}}}}` after a triple-stash, as its end plus a brace', async () => {
    expect(separateClosingBraces('{"a":{"b":{{json text}}}}')).to.equal('{"a":{"b":{{json text}}{{!}}}}');
    expect(separateClosingBraces('{{{text}}}')).to.equal('{{{text}}}');
    expect(separateClosingBraces('{"b":{{{json text}}}}')).to.equal('{"b":{{{json text}}}{{!}}}');
    const client = createCustomSendClient(
      credentials(provider.baseUrl),
      request(provider.baseUrl, { body: '{"sms":{"to":{{json to}},"body":{{{json text}}}}}' }),
      { outbound: LOOPBACK_OUTBOUND },
    );
    expect((await client.send(MESSAGE)).ok).to.equal(true);
    expect(provider.requests[0]?.json).to.deep.equal({ sms: { to: '+15557654321', body: 'You are unsubscribed.' } });
  });

  it('offers credentials.accountId, baseUrl and options, and a uri helper for query strings', async () => {
    const client = createCustomSendClient(
      credentials(provider.baseUrl),
      request(provider.baseUrl, {
        method: 'put',
        url: '{{credentials.baseUrl}}/send?to={{uri to}}&account={{credentials.accountId}}&region={{credentials.options.region}}',
        headers: { 'X-Token': '{{credentials.secret}}', 'Content-Type': 'text/plain' },
        body: '{{text}}',
        messageIdPath: '$.message_id',
        idempotencyHeader: undefined,
      }),
      { outbound: LOOPBACK_OUTBOUND },
    );
    await client.send(MESSAGE);
    const [received] = provider.requests;
    expect(received?.method).to.equal('PUT');
    expect(received?.path).to.equal('/send?to=%2B15557654321&account=acct-9&region=eu');
    expect(received?.headers['x-token']).to.equal(SECRET);
    expect(received?.headers['content-type']).to.equal('text/plain');
    expect(received?.headers).not.to.have.property('idempotency-key');
    expect(received?.body).to.equal('You are unsubscribed.');
  });

  it('reads the message id at a nested path, and stands the outbox id in when no path is configured', async () => {
    provider.answerNext({ status: 202, body: JSON.stringify({ data: { items: [{ ref: 77 }] } }) });
    const nested = createCustomSendClient(
      credentials(provider.baseUrl),
      request(provider.baseUrl, { messageIdPath: "$.data['items'][0].ref" }),
      { outbound: LOOPBACK_OUTBOUND },
    );
    expect(await nested.send(MESSAGE)).to.deep.equal({ ok: true, providerMessageId: '77' });

    provider.answerNext({ status: 204 });
    const withoutPath = createCustomSendClient(
      credentials(provider.baseUrl),
      request(provider.baseUrl, { messageIdPath: undefined }),
      { outbound: LOOPBACK_OUTBOUND },
    );
    expect(await withoutPath.send(MESSAGE)).to.deep.equal({ ok: true, providerMessageId: 'outbox-0001' });
  });

  it('refuses a template syntax error when it is built, saying which template and what was expected', () => {
    const problems = problemsOf(() =>
      createCustomSendClient(credentials(provider.baseUrl), request(provider.baseUrl, { body: '{"to":"{{to}"}' }), {
        outbound: LOOPBACK_OUTBOUND,
      }),
    );
    expect(problems).to.have.length(1);
    expect(problems[0]?.path).to.equal('body');
    expect(problems[0]?.message).to.match(/^not a valid template: Parse error on line 1: Expecting .*got/);
  });

  it('lists every problem at once: unknown variable, unknown helper, bad header name, bad message id path', () => {
    const problems = problemsOf(() =>
      createCustomSendClient(
        credentials(provider.baseUrl),
        request(provider.baseUrl, {
          url: 'https://api.example.com/{{tex}}',
          headers: { 'Bad Header': 'x', 'X-Text': '{{upper text}}' },
          messageIdPath: 'message_id',
        }),
        { outbound: LOOPBACK_OUTBOUND },
      ),
    );
    expect(problems.map((problem) => problem.path)).to.deep.equal([
      'url',
      'headers.Bad Header',
      'headers.X-Text',
      'messageIdPath',
    ]);
    expect(problems[0]?.message).to.match(
      /unknown variable \{\{tex\}\} \(line 1, column 25\); available: from, to, text, outboxId/,
    );
    expect(problems[2]?.message).to.match(/unknown helper "upper"/);
    expect(problems[3]?.message).to.match(/must start with \$/);
  });

  it('finds a credentials option the templates need but the credentials lack, when it is built', () => {
    const problems = problemsOf(() =>
      createCustomSendClient(
        credentials(provider.baseUrl, SECRET, {}),
        request(provider.baseUrl, { url: 'https://x.example/{{credentials.options.region}}' }),
        { outbound: LOOPBACK_OUTBOUND },
      ),
    );
    expect(problems).to.have.length(1);
    expect(problems[0]?.path).to.equal('url');
    expect(problems[0]?.message).to.match(/^does not render with these credentials: "region" not defined/);
  });

  it('refuses a GET with a body', () => {
    const problems = problemsOf(() =>
      createCustomSendClient(credentials(provider.baseUrl), request(provider.baseUrl, { method: 'GET' }), {
        outbound: LOOPBACK_OUTBOUND,
      }),
    );
    expect(problems).to.deep.equal([{ path: 'body', message: 'a GET request cannot have a body' }]);
  });

  it('refuses a rendered header value with a line break without sending anything', async () => {
    const client = createCustomSendClient(
      credentials(provider.baseUrl),
      request(provider.baseUrl, { headers: { 'X-Text': '{{text}}' } }),
      { outbound: LOOPBACK_OUTBOUND },
    );
    const outcome = await client.send({ ...MESSAGE, text: 'two\r\nlines' });
    expect(outcome).to.deep.equal({
      ok: false,
      retryable: false,
      reason: 'header X-Text contains a line break or NUL',
    });
    expect(provider.requests).to.have.length(0);
  });
});
