// TRUST_PROXY: which reverse proxies may name the caller (X-Forwarded-For), read into what express's `trust proxy` takes.
import proxyaddr from 'proxy-addr';

/** Express's `trust proxy` value: false (the socket address), a hop count, or addresses, CIDR ranges and named sets. */
export type TrustProxy = false | number | string[];

/** The outcome of reading TRUST_PROXY: the value for express, or a sentence saying what is wrong. */
export type TrustProxyRead = { ok: true; value: TrustProxy } | { ok: false; error: string };

/** More hops than any real chain of proxies would let a caller's own X-Forwarded-For entries through. */
const MAX_HOPS = 10;

const EVERYONE =
  '"true" would believe any caller\'s X-Forwarded-For, so anyone could pick an address and escape the limits; give the hop count (1 for one proxy) or the proxies\' addresses';

/**
 * Reads TRUST_PROXY: unset, empty, `false` or `0` trust nobody; digits are a hop count (at most 10); anything else is a comma-separated
 * list of addresses, CIDR ranges and express's named sets (loopback, linklocal, uniquelocal), checked by proxy-addr, the
 * package express compiles `trust proxy` with.
 */
export function readTrustProxy(raw: string | undefined): TrustProxyRead {
  const text = raw?.trim() ?? '';
  if (text === '' || text === 'false' || text === '0') return { ok: true, value: false };
  if (/^\d+$/.test(text))
    return Number(text) <= MAX_HOPS
      ? { ok: true, value: Number(text) }
      : {
          ok: false,
          error: `a hop count is the number of proxies in front of the bot (at most ${MAX_HOPS})`,
        };
  if (text === 'true') return { ok: false, error: EVERYONE };
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  try {
    proxyaddr.compile(list);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      error: `${why}; give a hop count (1), addresses or CIDR ranges (10.0.0.5, 10.0.0.0/8), or loopback, linklocal, uniquelocal`,
    };
  }
  return { ok: true, value: list };
}
