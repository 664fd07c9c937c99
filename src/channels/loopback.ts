// Telling "this machine" apart from the rest of the network: caller addresses, URLs and Host headers.
import { isIP } from 'node:net';

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms: addresses only this machine can connect from. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  const v4 = bare.startsWith('::ffff:') ? bare.slice(7) : bare;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
}

/** True when `serviceUrl` is an http(s) URL on this machine (localhost or a loopback address). */
export function isLoopbackUrl(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string') return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || isLoopbackAddress(host);
}

/**
 * True when a request's Host header names this machine (localhost, a loopback address, any port). A loopback
 * caller with another Host is a browser tricked by DNS rebinding, and gets no loopback trust.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  return isLoopbackUrl(`http://${host}/`);
}
