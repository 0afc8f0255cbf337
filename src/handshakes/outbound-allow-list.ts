// Where a handshake may send a request: the provider's own hosts over https, and nothing else but the
// host:port pairs an admin lists in OPTLINE_OUTBOUND_ALLOW (a loopback fake in tests). A URL from a callback
// body is checked here before anything is fetched, so a forged message cannot make the service call elsewhere.

/** `host:port` entries, lowercased; IPv6 hosts in brackets ([::1]:8443). */
export type OutboundAllowList = readonly string[];

/** Amazon SNS's regional endpoints: where it serves signing certificates and confirms subscriptions. */
const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com$/;

/** Why `url` may not be fetched, or null when it may. */
export function refusedSnsUrl(url: string, allow: OutboundAllowList): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.username !== '' || parsed.password !== '') return 'carries credentials';
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : parsed.protocol === 'http:' ? '80' : '');
  if ((parsed.protocol === 'https:' || parsed.protocol === 'http:') && allow.includes(`${parsed.hostname}:${port}`))
    return null;
  if (!SNS_HOST.test(parsed.hostname))
    return `host ${parsed.host} is neither sns.<region>.amazonaws.com nor in OPTLINE_OUTBOUND_ALLOW`;
  if (parsed.protocol !== 'https:') return `is not https (${parsed.protocol.replace(/:$/, '')})`;
  if (port !== '443') return `port ${port} is not https's 443`;
  return null;
}

/** The host of a URL for a log line: never its path or query, where a token may sit. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(not a URL)';
  }
}
