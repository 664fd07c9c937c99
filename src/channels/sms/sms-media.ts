// Fetches a picture a user sent by MMS, from the provider's own API host only, authenticated, size- and time-bounded.
import { downloadPicture } from '../../ocr/download-picture.ts';

/** Where media may come from and with which credentials. */
export interface MediaOptions {
  apiUrl: string;
  accountSid?: string;
  authToken: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Fetches one media URL the provider named; undefined when it is not the provider's, too big, not a picture, or failed. */
export type FetchMedia = (url: string) => Promise<Uint8Array | undefined>;

/**
 * A fetcher that only starts on the provider's API origin (never an arbitrary host a message names), with the
 * account's credentials there; the provider's redirect to its media storage is followed over https, without them.
 */
export function createMediaFetcher(opts: MediaOptions): FetchMedia {
  const origin = new URL(opts.apiUrl).origin;
  const headers: Record<string, string> = opts.accountSid
    ? { authorization: `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}` }
    : {};
  return (url) =>
    downloadPicture(url, {
      authorized: new Set([origin]),
      mayFollow: (next) => next.origin === origin || next.protocol === 'https:',
      headers,
      timeoutMs: opts.timeoutMs,
      fetch: opts.fetch,
    });
}
