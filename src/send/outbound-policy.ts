// Where Optline's outbound requests (sends, lookups, SNS confirmation) may connect: public addresses only,
// unless OPTLINE_OUTBOUND_ALLOW lists the host:port or an address range (issue 15, finding 11). The check runs
// on every address the host resolves to, inside the connection's own DNS lookup, so the connection goes to an
// address that was checked and a second resolution (DNS rebinding) cannot swap it.
import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** OPTLINE_OUTBOUND_ALLOW entries: `host:port` pairs (any address) and CIDR ranges (`10.0.0.0/8`, `::1/128`). */
export interface OutboundPolicy {
  allow: readonly string[];
}

export const PUBLIC_ONLY: OutboundPolicy = { allow: [] };

/** A request refused before it connected: its host is, or resolves to, an address the policy does not allow. */
export class OutboundRefusedError extends Error {
  override name = 'OutboundRefusedError';
}

const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96], // IPv4-mapped: the IPv4 address inside is not checked, so none is allowed
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');

/** CIDR entries of an allow list as a BlockList (of allowed ranges); throws on a malformed one. */
export function allowedRanges(allow: readonly string[]): BlockList {
  const ranges = new BlockList();
  for (const entry of allow) {
    const match = /^\[?([0-9a-f.:]+)\]?\/([0-9]{1,3})$/i.exec(entry);
    if (match === null) continue;
    const family = isIP(match[1] ?? '');
    if (family === 0) throw new Error(`"${entry}" is not an address range`);
    ranges.addSubnet(match[1] ?? '', Number(match[2]), family === 6 ? 'ipv6' : 'ipv4');
  }
  return ranges;
}

/** Why `address` may not be connected to under `ranges` (the allowed CIDR ranges), or null. */
export function addressRefusal(host: string, address: string, ranges: BlockList): string | null {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (!NON_PUBLIC.check(address, family) || ranges.check(address, family)) return null;
  const resolved = host === address ? '' : ` resolves to ${address}, which`;
  return `${host}${resolved} is a loopback, private or link-local address (allow it in OPTLINE_OUTBOUND_ALLOW)`;
}

/** True when the URL's `host:port` is listed as such: then any address goes (tests' loopback fakes). */
export function allowsHostPort(url: URL, policy: OutboundPolicy): boolean {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return policy.allow.includes(`${url.hostname.toLowerCase()}:${port}`);
}

/** Why a URL whose host is an address literal is refused (it is connected to without a lookup), or null. */
export function literalRefusal(url: URL, policy: OutboundPolicy): string | null {
  if (allowsHostPort(url, policy)) return null;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) === 0 ? null : addressRefusal(host, host, allowedRanges(policy.allow));
}

/**
 * Why a URL can be refused already, before any lookup: its host is an address literal or localhost outside the
 * policy. A name is only known at send time (its addresses may change), where every request is checked again.
 */
export function urlRefusal(text: string, policy: OutboundPolicy): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null; // the schema says what is wrong with it
  }
  const host = url.hostname;
  if (!(host === 'localhost' || host.endsWith('.localhost'))) return literalRefusal(url, policy);
  if (allowsHostPort(url, policy)) return null;
  const ranges = allowedRanges(policy.allow);
  return addressRefusal(host, '127.0.0.1', ranges) ?? addressRefusal(host, '::1', ranges);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for net/tls.connect that resolves as usual and refuses when any address is not allowed. */
export function checkedLookup(ranges: BlockList) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const refusal = addressRefusal(hostname, address, ranges);
        if (refusal !== null) return callback(new OutboundRefusedError(refusal), []);
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      return callback(null, first?.address ?? '', first?.family ?? 4);
    });
  };
}
