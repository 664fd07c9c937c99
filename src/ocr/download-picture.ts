// Downloads a picture a user shared, for the reader: only where the channel allows, bounded in size and time.
import { imageKind, MAX_IMAGE_BYTES } from './image-reader.ts';

/** Where a download may go and what it sends: headers (a token) only to `authorized` origins. */
export interface DownloadRules {
  /** Origins that get `headers`; a redirect elsewhere is fetched without them, if `mayFollow` allows it at all. */
  authorized: ReadonlySet<string>;
  /** Whether a redirect target may be fetched (the first URL must be on an authorized origin). */
  mayFollow(next: URL): boolean;
  headers?: Record<string, string>;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const MAX_REDIRECTS = 3;

/** Reads a response body up to MAX_IMAGE_BYTES; undefined past it. */
async function readBounded(res: Response): Promise<Uint8Array | undefined> {
  if (!res.body) return undefined;
  if (Number(res.headers.get('content-length') ?? 0) > MAX_IMAGE_BYTES) {
    await res.body.cancel();
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > MAX_IMAGE_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
}

/**
 * The picture at `url`, or undefined when the URL is not on an authorized origin, a redirect is not allowed, the
 * answer is not 2xx, the body is over MAX_IMAGE_BYTES, the time runs out, or the bytes are not a picture (a
 * sign-in page, say). Redirects are followed by hand (at most 3), each checked; never throws.
 */
export async function downloadPicture(url: string, rules: DownloadRules): Promise<Uint8Array | undefined> {
  const doFetch = rules.fetch ?? fetch;
  const start = URL.canParse(url) ? new URL(url) : undefined;
  if (!start || !rules.authorized.has(start.origin)) return undefined;
  let target: URL = start;
  const signal = AbortSignal.timeout(rules.timeoutMs ?? 10_000);
  try {
    for (let hop = 0; ; hop++) {
      const headers = rules.authorized.has(target.origin) ? (rules.headers ?? {}) : {};
      const res: Response = await doFetch(target, { headers, redirect: 'manual', signal });
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        const location: string = res.headers.get('location') ?? '';
        const next = URL.canParse(location, target) ? new URL(location, target) : undefined;
        if (!next || hop >= MAX_REDIRECTS || !rules.mayFollow(next)) return undefined;
        target = next;
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        return undefined;
      }
      const bytes = await readBounded(res);
      return bytes && imageKind(bytes) ? bytes : undefined;
    }
  } catch {
    return undefined;
  }
}
