// Fetches a picture a user sent by MMS, from the provider's own API host only, authenticated, size- and time-bounded.
import { MAX_IMAGE_BYTES } from '../../ocr/image-reader.ts';

/** Where media may come from and with which credentials. */
export interface MediaOptions {
  apiUrl: string;
  accountSid?: string;
  authToken: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Fetches one media URL the provider named; undefined when it is not the provider's, too big, or failed. */
export type FetchMedia = (url: string) => Promise<Uint8Array | undefined>;

/** A fetcher that only follows URLs on the provider's API origin (no fetching of arbitrary hosts a message names). */
export function createMediaFetcher(opts: MediaOptions): FetchMedia {
  const doFetch = opts.fetch ?? fetch;
  const origin = new URL(opts.apiUrl).origin;
  const auth = opts.accountSid
    ? `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`
    : undefined;
  return async (url) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return undefined;
    }
    if (target.origin !== origin) return undefined;
    try {
      const res = await doFetch(target, {
        headers: auth ? { authorization: auth } : {},
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      if (!res.ok || !res.body) return undefined;
      if (Number(res.headers.get('content-length') ?? 0) > MAX_IMAGE_BYTES) return undefined;
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > MAX_IMAGE_BYTES) return undefined;
        chunks.push(chunk);
      }
      return Buffer.concat(chunks);
    } catch {
      return undefined;
    }
  };
}
