// Fake SMS providers as real HTTP servers on 127.0.0.1 ephemeral ports: Sinch SMS, Sinch Conversation,
// Infobip and a generic custom endpoint. Each records every request it receives, checks its route and its
// credentials the way the vendor does (404 / 401), and answers success with a vendor-shaped body unless told
// otherwise: `failNext(2)` answers 500 twice, `rateLimitNext(3)` answers 429 with Retry-After: 3, `hangNext()`
// never answers (for timeouts), `holdNext()` accepts the message but never answers (the vendor has it, the
// sender never learns), `answerNext(...)` answers anything. Sinch and Infobip also answer their lookup route
// (list batches by client_reference; message logs by messageId) from what they accepted, recorded in `lookups`.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string; // with the query string
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown; // the body parsed, or undefined when it is not JSON
  /** The success answer, parsed, once the fake has sent it (what a client must read its message id from). */
  answered?: unknown;
}

export interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

type Behaviour = { kind: 'answer'; answer: Answer } | { kind: 'hang' } | { kind: 'hold' };

export interface FakeProvider {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Requests that reached the success answer (route and credentials right, nothing scripted). */
  readonly accepted: RecordedRequest[];
  /** Lookup requests (GET), kept apart from `requests`. */
  readonly lookups: RecordedRequest[];
  failNext(times: number, status?: number): void;
  rateLimitNext(retryAfterSeconds: number): void;
  hangNext(): void;
  holdNext(): void;
  answerNext(answer: Answer): void;
  close(): Promise<void>;
}

interface Route {
  method: string;
  path: string;
  authorization: string | null; // null: not checked
  success: (request: RecordedRequest, sequence: number) => Answer;
  lookup?: {
    path: string;
    answer: (
      query: URLSearchParams,
      accepted: readonly RecordedRequest[],
      sequenceOf: (request: RecordedRequest) => number,
    ) => Answer;
  };
}

export async function startFakeProvider(route: Route): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  const accepted: RecordedRequest[] = [];
  const lookups: RecordedRequest[] = [];
  const script: Behaviour[] = [];
  const hanging = new Set<ServerResponse>();
  let sequence = 0;

  const sequences = new Map<RecordedRequest, number>();
  const server = createServer((incoming, response) => {
    void readBody(incoming).then((body) => {
      const recorded: RecordedRequest = {
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        headers: incoming.headers,
        body,
        json: parseJson(body),
      };
      const lookup = route.lookup;
      if (lookup && recorded.method === 'GET' && recorded.path.split('?')[0] === lookup.path) {
        lookups.push(recorded);
        if (route.authorization !== null && incoming.headers.authorization !== route.authorization) {
          return answer(response, { status: 401, body: JSON.stringify({ error: 'unauthorized' }) });
        }
        const query = new URLSearchParams(recorded.path.split('?')[1] ?? '');
        return answer(
          response,
          lookup.answer(query, accepted, (request) => sequences.get(request) ?? 0),
        );
      }
      requests.push(recorded);
      const scripted = script.shift();
      if (scripted?.kind === 'hang') {
        hanging.add(response);
        return;
      }
      if (scripted?.kind === 'answer') return answer(response, scripted.answer);
      if (recorded.method !== route.method || recorded.path !== route.path) {
        return answer(response, {
          status: 404,
          body: JSON.stringify({ error: `no route ${recorded.method} ${recorded.path}` }),
        });
      }
      if (route.authorization !== null && incoming.headers.authorization !== route.authorization) {
        return answer(response, { status: 401, body: JSON.stringify({ error: 'unauthorized' }) });
      }
      accepted.push(recorded);
      sequence += 1;
      sequences.set(recorded, sequence);
      if (scripted?.kind === 'hold') {
        hanging.add(response);
        return;
      }
      const success = route.success(recorded, sequence);
      recorded.answered = parseJson(success.body ?? '');
      answer(response, success);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake provider has no TCP address');

  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    requests,
    accepted,
    lookups,
    failNext(times, status = 500) {
      for (let i = 0; i < times; i += 1) {
        script.push({ kind: 'answer', answer: { status, body: JSON.stringify({ error: 'internal error' }) } });
      }
    },
    rateLimitNext(retryAfterSeconds) {
      script.push({
        kind: 'answer',
        answer: {
          status: 429,
          headers: { 'retry-after': String(retryAfterSeconds) },
          body: JSON.stringify({ error: 'too many requests' }),
        },
      });
    },
    hangNext() {
      script.push({ kind: 'hang' });
    },
    holdNext() {
      script.push({ kind: 'hold' });
    },
    answerNext(next) {
      script.push({ kind: 'answer', answer: next });
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function startFakeSinch(options: { servicePlanId: string; token: string }): Promise<FakeProvider> {
  return startFakeProvider({
    method: 'POST',
    path: `/xms/v1/${options.servicePlanId}/batches`,
    authorization: `Bearer ${options.token}`,
    lookup: {
      path: `/xms/v1/${options.servicePlanId}/batches`,
      answer: (query, accepted, sequenceOf) => {
        const reference = query.get('client_reference');
        const batches = accepted
          .filter((request) => reference === null || asRecord(request.json).client_reference === reference)
          .map((request) => sinchBatch(request, sequenceOf(request)));
        return json(200, { count: batches.length, page: 0, page_size: batches.length, batches });
      },
    },
    success: (request, sequence) => json(201, sinchBatch(request, sequence)),
  });
}

function sinchBatch(request: RecordedRequest, sequence: number): Record<string, unknown> {
  const sent = asRecord(request.json);
  return {
    id: `01SINCHBATCH${String(sequence).padStart(6, '0')}`,
    from: sent.from,
    to: sent.to,
    body: sent.body,
    client_reference: sent.client_reference,
    type: 'mt_text',
    canceled: false,
    created_at: '2024-05-01T12:00:00.000Z',
  };
}

export function startFakeSinchConversation(options: { projectId: string; token: string }): Promise<FakeProvider> {
  return startFakeProvider({
    method: 'POST',
    path: `/v1/projects/${options.projectId}/messages:send`,
    authorization: `Bearer ${options.token}`,
    success: (_request, sequence) =>
      json(200, {
        message_id: `01CONVMSG${String(sequence).padStart(6, '0')}`,
        accepted_time: '2024-05-01T12:00:00.000Z',
      }),
  });
}

export function startFakeInfobip(options: { apiKey: string }): Promise<FakeProvider> {
  return startFakeProvider({
    method: 'POST',
    path: '/sms/2/text/advanced',
    authorization: `App ${options.apiKey}`,
    lookup: {
      path: '/sms/1/logs',
      answer: (query, accepted) => {
        const wanted = query.get('messageId');
        const results = accepted
          .map((request) => asRecord(asArray(asRecord(request.json).messages)[0]))
          .map((message) => ({ message, destination: asRecord(asArray(message.destinations)[0]) }))
          .filter(({ destination }) => wanted === null || destination.messageId === wanted)
          .map(({ message, destination }) => ({
            messageId: destination.messageId,
            to: destination.to,
            from: message.from,
            text: message.text,
            status: {
              groupId: 3,
              groupName: 'DELIVERED',
              id: 5,
              name: 'DELIVERED_TO_HANDSET',
              description: 'Message delivered to handset',
            },
          }));
        return json(200, { results });
      },
    },
    success: (request, sequence) => {
      const message = asRecord(asArray(asRecord(request.json).messages)[0]);
      const destination = asRecord(asArray(message.destinations)[0]);
      return json(200, {
        bulkId: `bulk-${sequence}`,
        messages: [
          {
            messageId: destination.messageId ?? `infobip-${sequence}`,
            status: {
              groupId: 1,
              groupName: 'PENDING',
              id: 26,
              name: 'PENDING_ACCEPTED',
              description: 'Message sent to next instance',
            },
            destination: destination.to,
          },
        ],
      });
    },
  });
}

/** A generic SMS endpoint: `POST {path}`, answering `{ "message_id": "custom-N" }`. */
export function startFakeCustom(options: {
  path: string;
  authorization: string | null;
  method?: string;
}): Promise<FakeProvider> {
  return startFakeProvider({
    method: options.method ?? 'POST',
    path: options.path,
    authorization: options.authorization,
    success: (_request, sequence) => json(200, { message_id: `custom-${sequence}` }),
  });
}

function answer(response: ServerResponse, { status, body, headers }: Answer): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body ?? '');
}

function json(status: number, body: unknown): Answer {
  return { status, body: JSON.stringify(body) };
}

async function readBody(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
