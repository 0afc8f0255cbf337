// Calls the admin API of a running service as a client would, returning status, parsed body and raw text, and
// checks a response against what the OpenAPI document says that route answers.
import { expect } from 'chai';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { OPENAPI_DOCUMENT } from '../../src/http/openapi.ts';
import { toPointer } from '../../src/rules/json-locator.ts';
import { ADMIN_TOKEN } from './service.ts';

export interface ApiResponse {
  status: number;
  body: Record<string, unknown>;
  text: string;
  headers: Headers;
}

export async function api(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.token ?? ADMIN_TOKEN}`,
    ...options.headers,
  };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) parsed = value as Record<string, unknown>;
  } catch {
    parsed = {};
  }
  return { status: response.status, body: parsed, text, headers: response.headers };
}

/** A Sinch SMS rule file for the API; credentials and sender number are those the fixture files attach. */
export function sinchRuleFile(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: `API-managed ${id}`,
    version: '1.0.0',
    vendor: 'sinch',
    credentials: 'e2e-sinch-creds',
    senderNumber: '+15550100',
    keywords: { custom: { keyword: 'Promo', reply: 'Your code is SPRING.' } },
    ...overrides,
  };
}

type DocumentedResponses = Record<string, { content?: Record<string, unknown> }>;
const paths = OPENAPI_DOCUMENT.paths as unknown as Record<string, Record<string, { responses?: DocumentedResponses }>>;

// strict: false, for the OpenAPI keywords around the schemas; formats, for the date-times responses carry.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(OPENAPI_DOCUMENT, 'openapi');

/** Every documented "METHOD /route status", e.g. "POST /api/credentials 409". */
export function documentedResponses(): string[] {
  return Object.entries(paths).flatMap(([route, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch'].includes(method))
      .flatMap(([method, operation]) =>
        Object.keys(operation.responses ?? {}).map((status) => `${method.toUpperCase()} ${route} ${status}`),
      ),
  );
}

/**
 * Asserts that the document lists this response's status for the route and method, and that its body is what
 * the documented schema for its media type describes (nothing, for a response documented without content).
 */
export function expectDocumented(route: string, method: string, response: ApiResponse): void {
  const name = `${method.toUpperCase()} ${route} ${response.status}`;
  const documented = paths[route]?.[method]?.responses?.[String(response.status)];
  expect(documented, `${name} is documented`).to.not.equal(undefined);
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (!documented?.content) {
    expect(response.text, `${name} has no body`).to.equal('');
    return;
  }
  expect(Object.keys(documented.content), `${name} documents ${mediaType}`).to.include(mediaType);
  if (mediaType !== 'application/json') return;
  const ref = `openapi#${toPointer(['paths', route, method, 'responses', String(response.status), 'content', mediaType, 'schema'])}`;
  const validate = ajv.getSchema(ref);
  expect(validate, ref).to.not.equal(undefined);
  const valid = validate!(JSON.parse(response.text));
  expect(valid, `${name}: ${ajv.errorsText(validate!.errors)}\n${response.text.slice(0, 500)}`).to.equal(true);
}
