// Downloads a picture shared alone in a Teams 1:1 chat: loopback only in local mode, Teams' hosts with the bot's token otherwise.
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../../app/logger.ts';
import { downloadPicture } from '../../ocr/download-picture.ts';
import { isLoopbackUrl } from './local-mode.ts';

/** The attachment types the picture reader takes; Teams names an image pasted into a chat `image/*`. */
export const PICTURE_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/bmp',
  'image/webp',
  'image/*',
]);

/** The host suffixes (besides the serviceUrl's own host) that may serve a Teams attachment, with an app id. */
export const TEAMS_ATTACHMENT_HOST_SUFFIXES: readonly string[] = [
  '.teams.microsoft.com',
  '.skype.com',
  '.trafficmanager.net',
  '.botframework.com',
];

type Loose = Record<string, unknown>;

/** What a message without words shared: `url` is the first picture attachment's contentUrl, absent when none is a picture. */
export interface SharedAttachment {
  url?: string;
}

/**
 * The attachment a message shares when it has no text and at least one attachment (Teams' own text/html
 * rendering of the message not counted), else undefined: such a message is a picture turn, readable or not.
 */
export function sharedAttachment(activity: {
  text?: unknown;
  attachments?: unknown;
}): SharedAttachment | undefined {
  const text = typeof activity.text === 'string' ? activity.text : '';
  if (text.replace(/&nbsp;/gi, ' ').trim()) return undefined;
  const all: unknown[] = Array.isArray(activity.attachments) ? activity.attachments : [];
  const attachments = all.filter(
    (a): a is Loose => typeof a === 'object' && a !== null && (a as Loose).contentType !== 'text/html',
  );
  if (!attachments.length) return undefined;
  const picture = attachments.find(
    (a) => typeof a.contentType === 'string' && PICTURE_CONTENT_TYPES.has(a.contentType.toLowerCase()),
  );
  const url = picture?.contentUrl;
  return typeof url === 'string' && url ? { url } : {};
}

/**
 * `url` parsed when the bot may fetch it: in local mode a loopback http(s) URL; with an app id an https URL
 * without credentials on the serviceUrl's host or a host under TEAMS_ATTACHMENT_HOST_SUFFIXES.
 */
export function allowedPictureUrl(url: string, serviceUrl: unknown, localMode: boolean): URL | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  if (localMode) return isLoopbackUrl(url) ? target : undefined;
  if (target.protocol !== 'https:' || target.username || target.password) return undefined;
  const host = target.hostname.toLowerCase();
  let serviceHost: string | undefined;
  try {
    serviceHost = typeof serviceUrl === 'string' ? new URL(serviceUrl).hostname.toLowerCase() : undefined;
  } catch {
    serviceHost = undefined;
  }
  if (host === serviceHost || TEAMS_ATTACHMENT_HOST_SUFFIXES.some((s) => host.endsWith(s))) return target;
  return undefined;
}

/** The Authorization header value for a Teams download, or undefined when no token could be had. */
type Authorize = (context: TurnContext, url: URL) => Promise<string | undefined>;

/** The headers `signRequest` writes into (the part of azure's HttpHeadersLike AppCredentials uses). */
class RequestHeaders {
  private readonly values = new Map<string, string>();
  set(name: string, value: string | number): void {
    this.values.set(name.toLowerCase(), String(value));
  }
  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase());
  }
  contains(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }
  remove(name: string): boolean {
    return this.values.delete(name.toLowerCase());
  }
}

/** The connector client CloudAdapter keeps in the turn state: its credentials sign requests with the bot's token. */
interface SigningClient {
  credentials?: {
    signRequest?(request: { url: string; method: string; headers: RequestHeaders }): Promise<unknown>;
  };
}

/** The bot's Bot Framework token for the turn, as the turn's ConnectorClient would send it to the connector. */
const botFrameworkToken: Authorize = async (context, url) => {
  const client = context.turnState.get<SigningClient | undefined>(context.adapter.ConnectorClientKey);
  const signRequest = client?.credentials?.signRequest;
  if (!signRequest) return undefined;
  const request = { url: url.href, method: 'GET', headers: new RequestHeaders() };
  await signRequest.call(client.credentials, request);
  return request.headers.get('authorization');
};

/** Downloads a shared picture for a turn; undefined when its URL is not allowed, too big, slow, not a picture, or failed. */
export type FetchTeamsPicture = (context: TurnContext, url: string) => Promise<Uint8Array | undefined>;

/**
 * A downloader for Teams attachments: in local mode (no app id) loopback URLs only, sent no token; with an app id
 * only allowedPictureUrl hosts, sent the turn's Bot Framework token (no token, no download). Redirects must stay on
 * the first origin; stops past MAX_IMAGE_BYTES or 10 s; keeps only bytes that are a picture.
 */
export function createTeamsPictureFetcher(opts: {
  appId?: string;
  log: Logger;
  timeoutMs?: number;
  fetch?: typeof fetch;
  authorize?: Authorize;
}): FetchTeamsPicture {
  const localMode = !opts.appId;
  const authorize = opts.authorize ?? botFrameworkToken;
  const { log } = opts;

  return async (context, url) => {
    const first = allowedPictureUrl(url, context.activity.serviceUrl, localMode);
    if (!first) {
      log.warn({ host: URL.canParse(url) ? new URL(url).host : undefined }, 'teams: picture URL not allowed');
      return undefined;
    }
    let authorization: string | undefined;
    if (!localMode) {
      authorization = await authorize(context, first).catch(() => undefined);
      if (!authorization) {
        log.warn('teams: no Bot Framework token for the picture download');
        return undefined;
      }
    }
    const bytes = await downloadPicture(first.href, {
      authorized: new Set([first.origin]),
      mayFollow: (next) => next.origin === first.origin,
      headers: authorization ? { authorization } : {},
      timeoutMs: opts.timeoutMs,
      fetch: opts.fetch,
    });
    if (!bytes) log.warn('teams: the picture could not be downloaded, or was not a picture');
    return bytes;
  };
}
