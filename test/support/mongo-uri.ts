// host:port of a single-host mongodb:// URI, and the same URI pointed at another loopback port (a TCP proxy).
export interface MongoTarget {
  host: string;
  port: number;
  rewrite(port: number): string;
}

/** null when the URI names several hosts or none. */
export function singleHost(text: string): MongoTarget | null {
  const match = /^mongodb:\/\/((?:[^@/]*@)?)([^/?,]+)(\/[^?]*)?(\?.*)?$/.exec(text);
  if (!match) return null;
  const [, credentials = '', hostPort = '', path = '/', query = ''] = match;
  const [, host = '', port = '27017'] = /^(.*?)(?::(\d+))?$/.exec(hostPort) ?? [];
  const params = new URLSearchParams(query.replace(/^\?/, ''));
  params.set('directConnection', 'true');
  return {
    host: host.replace(/^\[|\]$/g, ''),
    port: Number(port),
    rewrite: (proxyPort) => `mongodb://${credentials}127.0.0.1:${proxyPort}${path}?${params}`,
  };
}
