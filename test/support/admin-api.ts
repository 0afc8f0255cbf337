// Calls the admin API of a running service as a client would, returning status, parsed body and raw text.
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
  options: { body?: unknown; token?: string; contentType?: string } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? ADMIN_TOKEN}` };
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
