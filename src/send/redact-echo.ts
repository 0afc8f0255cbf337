// A provider's answer is kept (outbox last error) and logged in a short snippet, but some providers echo the
// request: its Authorization header, a secret in its URL, the message text and numbers of its body. Every
// value the request carried is cut out of the answer before it goes anywhere (issue 15, finding 9).
import type { ProviderRequest } from './provider-request.ts';

/** Shorter values (a country code, "true") would cut ordinary words out of the answer. */
const MIN_REDACTED_CHARS = 4;

export function redactEcho(text: string, request: ProviderRequest): string {
  return redactValues(text, requestValues(request));
}

/** `text` with every one of `values` (of 4+ characters) replaced, longest first. */
export function redactValues(text: string, values: Iterable<string>): string {
  let redacted = text;
  const long = [...values].filter((value) => value.length >= MIN_REDACTED_CHARS);
  for (const value of long.sort((a, b) => b.length - a.length)) redacted = redacted.replaceAll(value, '[redacted]');
  return redacted;
}

/** The string (and number) values of a JSON or form body, as a log or a reason must not quote them. */
export function bodyValues(body: string): Set<string> {
  const values = new Set<string>();
  collectBodyValues(body, values);
  return values;
}

function requestValues(request: ProviderRequest): Set<string> {
  const values = new Set<string>();
  for (const value of Object.values(request.headers)) {
    values.add(value);
    for (const part of value.split(/\s+/)) values.add(part);
    const basic = /^basic\s+(\S+)$/i.exec(value)?.[1];
    if (basic !== undefined) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      values.add(decoded);
      for (const part of decoded.split(':')) values.add(part);
    }
  }
  try {
    const url = new URL(request.url);
    values.add(decodeURIComponent(url.username));
    values.add(decodeURIComponent(url.password));
    for (const value of url.searchParams.values()) values.add(value);
    // Long path segments may be tokens (a Custom URL); short ones are words such as "batches".
    for (const segment of url.pathname.split('/')) if (segment.length >= 8) values.add(decodeURIComponent(segment));
  } catch {
    // invalidRequest refuses it before anything is sent
  }
  if (request.body !== undefined) collectBodyValues(request.body, values);
  values.delete(request.url.replace(/^https?:\/\/([^/]*).*$/, '$1')); // the host is no secret
  return values;
}

function collectBodyValues(body: string, values: Set<string>): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    for (const value of new URLSearchParams(body).values()) values.add(value);
    return;
  }
  const pending: unknown[] = [parsed];
  for (let node = pending.pop(), seen = 0; node !== undefined && seen < 1000; node = pending.pop(), seen++) {
    if (typeof node === 'string') {
      values.add(node);
      values.add(JSON.stringify(node).slice(1, -1)); // as echoed inside a JSON answer
    } else if (typeof node === 'number') values.add(String(node));
    else if (typeof node === 'object' && node !== null) pending.push(...Object.values(node));
  }
}
