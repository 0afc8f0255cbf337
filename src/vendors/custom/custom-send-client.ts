// Sends a reply with an HTTP request that the admin describes in the rule file: method, URL, header values
// and body are Handlebars templates, e.g.
//   { "method": "POST", "url": "https://api.example.com/sms",
//     "headers": { "Authorization": "Bearer {{credentials.secret}}" },
//     "body": "{\"to\":\"{{to}}\",\"text\":{{json text}}}", "messageIdPath": "$.message_id",
//     "idempotencyHeader": "Idempotency-Key" }
// Variables: from, to, text, outboxId, credentials.{accountId, secret, baseUrl, options.*}. Helpers: `json`
// (JSON-encodes a value, quotes included) and `uri` (percent-encodes for a URL); {{#if}}/{{#unless}} blocks.
// Output is not HTML-escaped (a base64 secret keeps its `=`), so values inside JSON strings need `json`.
// Templates are checked and compiled once, here; every problem is reported with where it is.
// Idempotency: with `idempotencyHeader` set, that header carries the outbox id on every attempt, for
// endpoints that deduplicate on it. Without `messageIdPath`, the outbox id stands as the message id.
import Handlebars from 'handlebars';
import { checkTemplate, type TemplateVocabulary } from '../../handlebars/check-template.ts';
import { templateBoundProblem } from '../../handlebars/template-bounds.ts';
import { AppError } from '../../errors.ts';
import { requireCredentials, type Credentials, type CredentialsRequirement } from '../../credentials/credentials.ts';
import { sendProviderRequest, type HttpSendOptions, type ProviderRequest } from '../../send/provider-request.ts';
import { permanentFailure, type OutgoingMessage, type SendClient } from '../../send/send-client.ts';
import { MessageIdPathError, parseMessageIdPath, readMessageIdAt, type PathStep } from '../../send/message-id-path.ts';

export interface CustomSendRequest {
  method?: string; // template; default POST
  url: string; // template
  headers?: Record<string, string>; // literal names, template values
  body?: string; // template; sent with content-type application/json unless a header says otherwise
  messageIdPath?: string; // where a 2xx response names the message, e.g. "$.message_id"
  idempotencyHeader?: string; // e.g. "Idempotency-Key": carries the outbox id
}

export interface Problem {
  path: string;
  message: string;
}

type Render = (data: TemplateData) => string;

/** A template that failed at render time (strict mode: a variable missing from the data), with its path. */
class TemplateRenderError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

interface TemplateData {
  from: string;
  to: string;
  text: string;
  outboxId: string;
  credentials: { accountId: string; secret: string; baseUrl: string; options: Record<string, unknown> };
}

const MESSAGE_VARIABLES = new Set(['from', 'to', 'text', 'outboxId']);
const CREDENTIAL_VARIABLES = new Set(['accountId', 'secret', 'baseUrl']);
const SEND_VOCABULARY: TemplateVocabulary = {
  isVariable: ([head, second, ...more]) =>
    (head !== undefined && MESSAGE_VARIABLES.has(head) && second === undefined) ||
    (head === 'credentials' && second !== undefined && CREDENTIAL_VARIABLES.has(second) && more.length === 0) ||
    (head === 'credentials' && second === 'options' && more.length > 0),
  available:
    'from, to, text, outboxId, credentials.accountId, credentials.secret, credentials.baseUrl, credentials.options.*',
  valueHelpers: new Set(['json', 'uri']),
  where: '',
  positionSuffix: '',
};
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const HELPERS = {
  json: (...args: unknown[]) => {
    if (args.length !== 2) throw new Error('json takes exactly one value');
    return JSON.stringify(args[0]) ?? 'null';
  },
  uri: (...args: unknown[]) => {
    if (args.length !== 2) throw new Error('uri takes exactly one value');
    return encodeURIComponent(String(args[0]));
  },
};

const SAMPLE_MESSAGE: OutgoingMessage = {
  outboxId: 'sample-outbox-id',
  from: '+15550000001',
  to: '+15550000002',
  text: 'sample',
};

/** The problems of a send request's own templates, before any credentials are known (rule files are checked so). */
export function sendRequestProblems(request: CustomSendRequest): Problem[] {
  try {
    createCustomSendClient(TEMPLATE_CHECK_CREDENTIALS, request, {}, { trialRender: false });
    return [];
  } catch (error) {
    if (error instanceof AppError && Array.isArray(error.details)) return error.details as Problem[];
    throw error;
  }
}

const TEMPLATE_CHECK_CREDENTIALS: Credentials = {
  name: 'template-check',
  vendor: 'custom',
  baseUrl: 'http://127.0.0.1',
  accountId: 'template-check',
  secret: 'template-check',
  options: {},
};

export const CUSTOM_CREDENTIALS: CredentialsRequirement = { vendor: 'custom', fields: [], accountIdMeans: null };

export function createCustomSendClient(
  credentials: Credentials,
  request: CustomSendRequest,
  options: HttpSendOptions = {},
  check: { trialRender: boolean } = { trialRender: true },
): SendClient {
  requireCredentials(credentials, CUSTOM_CREDENTIALS);
  const problems: Problem[] = [];
  const method = compileTemplate(request.method ?? 'POST', 'method', problems);
  const url = compileTemplate(request.url, 'url', problems);
  const headers = Object.entries(request.headers ?? {}).map(([name, value]) => {
    if (!HEADER_NAME.test(name))
      problems.push({ path: `headers.${name}`, message: `"${name}" is not a valid header name` });
    return [name, compileTemplate(value, `headers.${name}`, problems)] as const;
  });
  const body = request.body === undefined ? null : compileTemplate(request.body, 'body', problems);
  const idempotencyHeader = request.idempotencyHeader;
  if (idempotencyHeader !== undefined && !HEADER_NAME.test(idempotencyHeader)) {
    problems.push({ path: 'idempotencyHeader', message: `"${idempotencyHeader}" is not a valid header name` });
  }
  let messageIdPath: PathStep[] | null = null;
  if (request.messageIdPath !== undefined) {
    try {
      messageIdPath = parseMessageIdPath(request.messageIdPath);
    } catch (error) {
      if (!(error instanceof MessageIdPathError)) throw error;
      problems.push({ path: 'messageIdPath', message: error.message });
    }
  }

  const build = (message: OutgoingMessage): ProviderRequest => {
    const data: TemplateData = {
      ...message,
      credentials: {
        accountId: credentials.accountId,
        secret: credentials.secret,
        baseUrl: credentials.baseUrl,
        options: credentials.options,
      },
    };
    const rendered: ProviderRequest = { method: method(data).trim().toUpperCase(), url: url(data).trim(), headers: {} };
    for (const [name, value] of headers) rendered.headers[name] = value(data);
    if (idempotencyHeader !== undefined) rendered.headers[idempotencyHeader] = message.outboxId;
    if (body) {
      rendered.body = body(data);
      if (!Object.keys(rendered.headers).some((name) => name.toLowerCase() === 'content-type')) {
        rendered.headers['content-type'] = 'application/json';
      }
    }
    return rendered;
  };

  // A trial render with these credentials finds a missing credentials.options entry now, not at send time.
  if (problems.length === 0 && check.trialRender) {
    try {
      const sample = build(SAMPLE_MESSAGE);
      if ((sample.method === 'GET' || sample.method === 'HEAD') && sample.body !== undefined) {
        problems.push({ path: 'body', message: `a ${sample.method} request cannot have a body` });
      }
    } catch (error) {
      if (!(error instanceof TemplateRenderError)) throw error;
      problems.push({ path: error.path, message: `does not render with these credentials: ${error.message}` });
    }
  }
  if (problems.length > 0) {
    const summary = problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
    throw new AppError(
      'validation_failed',
      `custom send request for credentials "${credentials.name}" is invalid: ${summary}`,
      problems,
    );
  }

  return {
    async send(message, signal) {
      let rendered: ProviderRequest;
      try {
        rendered = build(message);
      } catch (error) {
        if (!(error instanceof TemplateRenderError)) throw error;
        return permanentFailure(`the ${error.path} template failed to render: ${error.message}`);
      }
      const readMessageId = (response: unknown) =>
        messageIdPath ? readMessageIdAt(response, messageIdPath) : message.outboxId;
      return sendProviderRequest(rendered, readMessageId, { ...options, signal });
    },
  };
}

// Handlebars reads a run of closing braces greedily: `{"text":{{json text}}}` ends the plain mustache with
// `}}}` (a triple-stash close) and does not parse. A mustache followed by a `}` is therefore closed with its own
// braces and an empty comment, which keeps the next `}` as text. (Columns in later errors on that line shift.)
const PLAIN_BEFORE_BRACE = /(?<![{\\])\{\{(?![{!])((?:[^}]|\}(?!\}))*)\}\}(?=\})/g;
const TRIPLE_BEFORE_BRACE = /(?<![{\\])\{\{\{((?:[^}]|\}(?!\}))*)\}\}\}(?=\})/g;

export function separateClosingBraces(source: string): string {
  return source.replace(TRIPLE_BEFORE_BRACE, '{{{$1}}}{{!}}').replace(PLAIN_BEFORE_BRACE, '{{$1}}{{!}}');
}

function compileTemplate(written: string, path: string, problems: Problem[]): Render {
  const bound = templateBoundProblem(written);
  if (bound !== null) {
    problems.push({ path, message: bound });
    return () => '';
  }
  const source = separateClosingBraces(written);
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch (error) {
    problems.push({ path, message: `not a valid template: ${parseErrorSummary(error)}` });
    return () => '';
  }
  const messages = checkTemplate(program, SEND_VOCABULARY);
  if (messages.length > 0) {
    for (const message of messages) problems.push({ path, message });
    return () => '';
  }
  const template = Handlebars.compile<TemplateData>(source, { noEscape: true, strict: true });
  return (data) => {
    try {
      return template(data, { helpers: HELPERS });
    } catch (error) {
      throw new TemplateRenderError(path, firstLine(error));
    }
  };
}

// Handlebars parse errors span lines: where, an excerpt with a caret, then what was expected.
function parseErrorSummary(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error))
    .split('\n')
    .filter((line) => line.trim() !== '');
  const first = lines[0] ?? 'unreadable template';
  const last = lines.at(-1);
  return lines.length > 1 && last !== undefined ? `${first} ${last}` : first;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
