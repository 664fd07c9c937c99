// Downloads a picture a person shared in a Slack DM: from Slack's file host only, with the bot token, size- and time-bounded.
import { downloadPicture } from '../../ocr/download-picture.ts';
import { MAX_IMAGE_BYTES } from '../../ocr/image-reader.ts';

/** Where Slack serves the files shared in a workspace (url_private / url_private_download). */
export const SLACK_FILES_ORIGIN = 'https://files.slack.com';

/** The file types the picture reader takes, as Slack names them in a file's `mimetype`. */
export const PICTURE_MIMETYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'image/bmp',
]);

type Loose = Record<string, unknown>;

/** The download URL of a message's first file when it is a picture the bot could read (type and size), else undefined. */
export function sharedPicture(files: unknown): string | undefined {
  const first = Array.isArray(files) ? (files[0] as Loose | undefined) : undefined;
  if (!first || typeof first !== 'object') return undefined;
  if (typeof first.mimetype !== 'string' || !PICTURE_MIMETYPES.has(first.mimetype.toLowerCase())) return;
  if (typeof first.size === 'number' && first.size > MAX_IMAGE_BYTES) return undefined;
  const url = first.url_private_download ?? first.url_private;
  return typeof url === 'string' && url ? url : undefined;
}

/** Downloads one file URL a Slack event named; undefined when it is not on an allowed origin, too big, not a picture, or failed. */
export type FetchSlackPicture = (url: string) => Promise<Uint8Array | undefined>;

/**
 * A downloader that only follows URLs on files.slack.com or on the origin of SLACK_API_URL (GovSlack, a proxy, the
 * tests' stub), sends the bot token only there, stops past MAX_IMAGE_BYTES or DOWNLOAD_TIMEOUT_MS, and keeps only
 * bytes that are a picture (Slack answers a token without files:read with an HTML sign-in page).
 */
export function createSlackPictureFetcher(opts: {
  botToken: string;
  apiUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): FetchSlackPicture {
  const allowed = new Set([SLACK_FILES_ORIGIN]);
  const apiOrigin = opts.apiUrl && URL.canParse(opts.apiUrl) ? new URL(opts.apiUrl).origin : undefined;
  if (apiOrigin && apiOrigin !== 'null') allowed.add(apiOrigin);
  return (url) =>
    downloadPicture(url, {
      authorized: allowed,
      mayFollow: (next) => allowed.has(next.origin),
      headers: { authorization: `Bearer ${opts.botToken}` },
      timeoutMs: opts.timeoutMs,
      fetch: opts.fetch,
    });
}
