// One GET a handshake makes on a provider's behalf, bounded: a deadline for the whole exchange, a cap on the
// body, no redirects (a redirect could lead off the allowed hosts).

export interface BoundedFetchOptions {
  timeoutMs: number;
  maxBytes: number;
}

export type BoundedFetchResult = { ok: true; status: number; body: Buffer } | { ok: false; reason: string };

export async function boundedGet(url: string, options: BoundedFetchOptions): Promise<BoundedFetchResult> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await fetch(url, { method: 'GET', redirect: 'manual', signal });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      return { ok: false, reason: `answered ${response.status} (redirects are not followed)` };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        size += read.value.byteLength;
        if (size > options.maxBytes) {
          await reader.cancel();
          return { ok: false, reason: `answered more than ${options.maxBytes} bytes` };
        }
        chunks.push(Buffer.from(read.value));
      }
    }
    return { ok: true, status: response.status, body: Buffer.concat(chunks, size) };
  } catch (error) {
    if (signal.aborted) return { ok: false, reason: `no answer within ${options.timeoutMs} ms` };
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const code = typeof cause?.code === 'string' ? cause.code : null;
    return { ok: false, reason: `network error${code ? `: ${code}` : ''}` };
  }
}
