// Which callers may vouch for an agent with an identity header (AGENT_PROXY_ADDRESSES): addresses and CIDR ranges.
import { BlockList, isIP } from 'node:net';

/** The default: a sign-in proxy on this machine. */
export const LOOPBACK_PROXIES: readonly string[] = ['127.0.0.0/8', '::1'];

const parts = (entry: string) => {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
  const max = family === 4 ? 32 : 128;
  const ok = family !== 0 && extra === undefined && Number.isInteger(bits) && bits >= 0 && bits <= max;
  return ok ? { address, bits, type: family === 4 ? ('ipv4' as const) : ('ipv6' as const) } : undefined;
};

/** One problem per entry that is not an IP address or address/prefix (e.g. 10.0.0.5, 10.0.0.0/24, fd00::/8). */
export function proxyAddressProblems(entries: readonly string[]): string[] {
  return entries
    .map((entry, i) =>
      parts(entry) ? '' : `entry ${i + 1} ("${entry}") is not an IP address or address/prefix (10.0.0.0/24)`,
    )
    .filter(Boolean);
}

/** A check of a caller's socket address against `entries` (IPv4-mapped IPv6 callers count as IPv4); bad entries match nobody. */
export function trustedProxies(entries: readonly string[]): (address: string | undefined) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const p = parts(entry);
    if (p) list.addSubnet(p.address, p.bits, p.type);
  }
  return (address) => {
    if (!address) return false;
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}
