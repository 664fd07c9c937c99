// Slack as the tests see it: a local Web API and response_url stub that records every call, signed requests
// to the real server's /slack/events, and payload builders for commands, events and button presses.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeBot } from '../../src/app/compose.ts';
import type { Bot } from '../../src/app/create-bot.ts';
import type { HandoffService } from '../../src/app/handoff-contracts.ts';
import { createLogger } from '../../src/app/logger.ts';
import { settingsOf } from '../../src/channels/channel.ts';
import { createSlackChannel, type SlackChannel } from '../../src/channels/slack/create-slack-channel.ts';
import { checkModalLimits } from '../../src/channels/slack/modal-limits.ts';
import { slackAsChannel, slackModule } from '../../src/channels/slack/slack-module.ts';
import { loadConfig } from '../../src/config.ts';
import { checkBlockKitLimits } from '../../src/render/block-kit-limits.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { type ConversationStore, StoreUnavailableError } from '../../src/store/conversation-store.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';

type Json = Record<string, unknown>;

/** The signing secret and bot token the test app runs with. */
export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-token';
export const TEAM = 'T0TEST';
export const BOT_USER = 'U0BOT';

/** One call the app made to Slack: a Web API method, or a POST to a response_url. */
export interface SlackCall {
  via: 'api' | 'respond';
  /** Web API method (`chat.postMessage`) or the response_url's id. */
  name: string;
  args: Json;
  token?: string;
  /** Set when the stub answered this call with a failure (see `failNext`). */
  failed?: boolean;
}

/** How the stub fails the next call of a method: an HTTP status, or `ok: false` with `error`; `delivered` = it took effect anyway. */
export interface StubFailure {
  status?: number;
  error?: string;
  delivered?: boolean;
}

/** One GET of a shared file's URL (url_private_download), with the bearer token it carried. */
export interface SlackDownload {
  path: string;
  token?: string;
}

/** The local Slack: Web API under `apiUrl`, response_urls from `responseUrl(id)`; records every call. */
export interface SlackStub {
  apiUrl: string;
  calls: SlackCall[];
  /** Shared files served at GET /files-pri/… by path (only with the bot token), and every GET of one. */
  files: Map<string, { bytes: Uint8Array; type: string }>;
  downloads: SlackDownload[];
  /** The URL a file at `path` is served from (files.slack.com's place in the stub). */
  fileUrl(path: string): string;
  responseUrl(id: string): string;
  api(method: string): SlackCall[];
  responded(id?: string): SlackCall[];
  /** Makes the next call of `method` fail as `failure` says (queued: call it twice for two failures). */
  failNext(method: string, failure?: StubFailure): void;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const jsonFields = new Set(['blocks', 'view', 'attachments', 'metadata']);

function parseArgs(text: string, type: string | undefined): Json {
  if (type?.includes('application/json')) return text ? (JSON.parse(text) as Json) : {};
  const args: Json = {};
  for (const [k, v] of new URLSearchParams(text)) args[k] = jsonFields.has(k) ? JSON.parse(v) : v;
  return args;
}

/** What the stub's channels hold: every message posted, with its ts, thread and metadata, oldest first. */
interface Posted {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: unknown;
  metadata?: unknown;
}

let tsCounter = 0;
const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++tsCounter).padStart(6, '0')}`;

function answer(method: string, args: Json, posted: Posted[]): Json {
  switch (method) {
    case 'auth.test':
      return { ok: true, user_id: BOT_USER, bot_id: 'B0BOT', team_id: TEAM, user: 'vpnbot' };
    case 'conversations.open':
      return { ok: true, channel: { id: `D${String(args.users ?? 'X').slice(1)}` } };
    case 'chat.postMessage': {
      const msg: Posted = {
        channel: String(args.channel),
        ts: nextTs(),
        ...(typeof args.thread_ts === 'string' ? { thread_ts: args.thread_ts } : {}),
        text: args.text,
        metadata: args.metadata,
      };
      posted.push(msg);
      return { ok: true, channel: args.channel, ts: msg.ts, message: { text: args.text } };
    }
    case 'chat.update':
      return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
    case 'chat.postEphemeral':
      return { ok: true, message_ts: nextTs() };
    case 'views.publish':
      return { ok: true, view: { id: 'V0HOME', ...(args.view as Json) } };
    case 'views.open':
      return { ok: true, view: { id: 'V0MODAL', ...(args.view as Json) } };
    case 'conversations.history':
      return {
        ok: true,
        messages: posted.filter((m) => m.channel === args.channel && !m.thread_ts).reverse(),
        has_more: false,
      };
    case 'conversations.replies':
      return {
        ok: true,
        messages: posted.filter(
          (m) => m.channel === args.channel && (m.ts === args.ts || m.thread_ts === args.ts),
        ),
        has_more: false,
      };
    default:
      return { ok: true };
  }
}

/** Starts the stub on 127.0.0.1 (any free port). */
export async function startSlackStub(): Promise<SlackStub> {
  const calls: SlackCall[] = [];
  const posted: Posted[] = [];
  const failures = new Map<string, StubFailure[]>();
  const files = new Map<string, { bytes: Uint8Array; type: string }>();
  const downloads: SlackDownload[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://stub');
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    if (req.method === 'GET' && url.pathname.startsWith('/files-pri/')) {
      downloads.push({ path: url.pathname, ...(token ? { token } : {}) });
      const file = files.get(url.pathname);
      // Like Slack: without the bot token a file URL answers with the HTML sign-in page, not the file.
      if (token !== BOT_TOKEN)
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in</html>');
      else if (!file) res.writeHead(404, { 'content-type': 'text/plain' }).end('file_not_found');
      else res.writeHead(200, { 'content-type': file.type }).end(Buffer.from(file.bytes));
      return;
    }
    if (url.pathname.startsWith('/respond/')) {
      calls.push({ via: 'respond', name: url.pathname.slice(9), args: parseArgs(body, 'application/json') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const args = parseArgs(body, req.headers['content-type']);
    const failure = failures.get(method)?.shift();
    calls.push({ via: 'api', name: method, args, token, ...(failure ? { failed: true } : {}) });
    if (!failure) {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(answer(method, args, posted)));
      return;
    }
    if (failure.delivered) answer(method, args, posted);
    const status = failure.status ?? 200;
    res.writeHead(status, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        ok: false,
        error: failure.error ?? (status === 200 ? 'fatal_error' : 'internal_error'),
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api/`,
    calls,
    files,
    downloads,
    fileUrl: (path) => `${base}${path}`,
    responseUrl: (id) => `${base}/respond/${id}`,
    api: (method) => calls.filter((c) => c.via === 'api' && c.name === method),
    responded: (id) => calls.filter((c) => c.via === 'respond' && (id === undefined || c.name === id)),
    failNext: (method, failure = {}) => {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The v0 signature Slack puts in X-Slack-Signature: HMAC-SHA256 of `v0:<ts>:<body>` with the signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** What the server answered: status, raw text and the JSON body when there is one. */
export interface SlackAnswer {
  status: number;
  text: string;
  json?: Json;
}

/** How to sign (or mis-sign) one request. */
export interface PostOptions {
  secret?: string;
  timestamp?: number;
  signature?: string;
  retryNum?: number;
}

/** A store whose every call fails with StoreUnavailableError while `down` is true. */
export function createSwitchableStore(inner: ConversationStore): ConversationStore & { down: boolean } {
  const wrapped = { down: false } as ConversationStore & { down: boolean };
  for (const name of [
    'get',
    'put',
    'delete',
    'firstSeen',
    'forgetSeen',
    'seenTurn',
    'markDelivered',
    'purge',
    'ping',
    'ready',
    'close',
  ] as const) {
    const fn = inner[name].bind(inner) as (...args: unknown[]) => Promise<unknown>;
    (wrapped as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
      wrapped.down && name !== 'close'
        ? Promise.reject(new StoreUnavailableError('store is down (test)'))
        : fn(...args);
  }
  return wrapped;
}

/** The bot on the real server with Slack on, talking to a stub Slack. */
export interface SlackHarness {
  stub: SlackStub;
  bot: Bot;
  handoffs: HandoffService;
  store: ConversationStore & { down: boolean };
  server: RunningServer;
  slack: SlackChannel;
  eventsUrl: string;
  /** Every Block Kit message the app sent: HTTP acks, Web API calls and response_url posts (modals in `modal`). */
  sent: { via: string; message: { text?: string; blocks: unknown[] }; modal?: unknown }[];
  /** The clock the bot and its handoff service run on (Slack's signatures always use the real time). */
  clock: { now: number };
  post(body: string, contentType: string, opts?: PostOptions): Promise<SlackAnswer>;
  command(
    text: string,
    opts?: PostOptions & { user?: string; channel?: string; responseId?: string },
  ): Promise<SlackAnswer>;
  event(event: Json, opts?: PostOptions & { eventId?: string }): Promise<SlackAnswer>;
  action(payload: Json, opts?: PostOptions): Promise<SlackAnswer>;
  /** Every way the sent messages break Slack's Block Kit limits (empty when all pass). */
  blockKitProblems(): string[];
  close(): Promise<void>;
}

let eventCounter = 0;

/**
 * Starts the stub Slack and the real server (port 0, SQLite in memory, silent log) with Slack pointed at the stub;
 * with `opts.clock` the bot and the handoff service run on that clock instead of the wall clock.
 */
export async function startSlackHarness(
  env: Record<string, string> = {},
  opts: { clock?: { now: number } } = {},
): Promise<SlackHarness> {
  const stub = await startSlackStub();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: stub.apiUrl,
    ...env,
  });
  const store = createSwitchableStore(createSqliteStore(':memory:'));
  const clock = opts.clock;
  const composed = composeBot(config, { store, ...(clock ? { now: () => clock.now } : {}) });
  const { bot, handoffs } = composed;
  const log = createLogger('silent');
  const settings = settingsOf(config, slackModule);
  if (!settings) throw new Error('the Slack channel did not turn on');
  const slack = createSlackChannel({ bot, log, settings });
  const server = await startServer({
    config,
    bot,
    store,
    log,
    channels: { slack: slackAsChannel(slack, settings, handoffs) },
    handoffs,
    mailbox: composed.handoffStores.mailbox,
  });
  const eventsUrl = `${server.url.replace('localhost', '127.0.0.1')}/slack/events`;
  const acks: SlackHarness['sent'] = [];

  const post: SlackHarness['post'] = async (body, contentType, opts = {}) => {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': opts.signature ?? slackSignature(opts.secret ?? SIGNING_SECRET, timestamp, body),
    };
    if (opts.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(opts.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    const res = await fetch(eventsUrl, { method: 'POST', headers, body });
    const text = await res.text();
    let json: Json | undefined;
    try {
      json = text ? (JSON.parse(text) as Json) : undefined;
    } catch {
      json = undefined;
    }
    if (json && (json.blocks || json.text))
      acks.push({
        via: 'ack',
        message: { text: json.text as string, blocks: (json.blocks as unknown[]) ?? [] },
      });
    return { status: res.status, text, json };
  };

  const harness: SlackHarness = {
    stub,
    bot,
    handoffs,
    store,
    server,
    slack,
    eventsUrl,
    clock: clock ?? {
      get now() {
        return Date.now();
      },
    },
    get sent() {
      const fromCalls = stub.calls.flatMap((c) => {
        if (c.args.view && typeof c.args.view === 'object') {
          const view = c.args.view as Json;
          const message = { blocks: (view.blocks as unknown[]) ?? [] };
          return [{ via: c.name, message, ...(view.type === 'modal' ? { modal: view } : {}) }];
        }
        if (c.args.blocks || typeof c.args.text === 'string')
          return [
            {
              via: c.name,
              message: { text: c.args.text as string, blocks: (c.args.blocks as unknown[]) ?? [] },
            },
          ];
        return [];
      });
      return [...acks, ...fromCalls];
    },
    post,
    command: (text, opts = {}) => {
      const body = new URLSearchParams({
        token: 'legacy',
        team_id: TEAM,
        team_domain: 'acme',
        channel_id: opts.channel ?? 'C0HELP',
        channel_name: 'it-help',
        user_id: opts.user ?? 'U0TECH',
        user_name: 'tech',
        command: '/vpncode',
        text,
        api_app_id: 'A0APP',
        response_url: stub.responseUrl(opts.responseId ?? 'cmd'),
        trigger_id: '1.2.3',
      }).toString();
      return post(body, 'application/x-www-form-urlencoded', opts);
    },
    event: (event, opts = {}) => {
      const body = JSON.stringify({
        token: 'legacy',
        team_id: TEAM,
        api_app_id: 'A0APP',
        type: 'event_callback',
        event_id: opts.eventId ?? `Ev${++eventCounter}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true }],
        event,
      });
      return post(body, 'application/json', opts);
    },
    action: (payload, opts = {}) =>
      post(
        `payload=${encodeURIComponent(JSON.stringify(payload))}`,
        'application/x-www-form-urlencoded',
        opts,
      ),
    blockKitProblems: () =>
      harness.sent.flatMap((s) =>
        (s.modal ? checkModalLimits(s.modal) : checkBlockKitLimits(s.message)).map((p) => `${s.via}: ${p}`),
      ),
    close: async () => {
      await server.close();
      await composed.close();
      await stub.close();
    },
  };
  return harness;
}

/** A DM message event from `user` in `channel`. */
export function dmEvent(text: string, user = 'U0USER', channel = 'D0USER', extra: Json = {}): Json {
  return {
    type: 'message',
    channel_type: 'im',
    channel,
    user,
    text,
    ts: `${Date.now() / 1000}`,
    team: TEAM,
    ...extra,
  };
}

/** A block_actions payload for pressing `button` (a rendered Block Kit button) on `message`. */
export function pressPayload(
  button: Json,
  opts: {
    user?: string;
    channel?: string;
    message?: Json;
    ephemeral?: boolean;
    fromHome?: boolean;
    responseUrl?: string;
    blockId?: string;
    userName?: string;
  } = {},
): Json {
  const user = opts.user ?? 'U0USER';
  const userName = opts.userName ?? 'user';
  const action = {
    type: 'button',
    action_id: button.action_id,
    block_id: opts.blockId ?? 'slackgenerated',
    text: button.text,
    value: button.value,
    action_ts: `${Date.now() / 1000}${Math.random().toString().slice(2, 6)}`,
  };
  const base = {
    type: 'block_actions',
    team: { id: TEAM, domain: 'acme' },
    user: { id: user, username: userName, name: userName, team_id: TEAM },
    api_app_id: 'A0APP',
    token: 'legacy',
    trigger_id: `trigger-${action.action_ts}`,
    actions: [action],
  };
  if (opts.fromHome) {
    return { ...base, container: { type: 'view', view_id: 'V0HOME' }, view: { id: 'V0HOME', type: 'home' } };
  }
  const ts = String(opts.message?.ts ?? '1700000000.000100');
  return {
    ...base,
    container: {
      type: 'message',
      message_ts: ts,
      channel_id: opts.channel ?? 'D0USER',
      is_ephemeral: opts.ephemeral === true,
    },
    channel: { id: opts.channel ?? 'D0USER', name: 'directmessage' },
    ...(opts.ephemeral ? {} : { message: { type: 'message', ts, ...(opts.message ?? {}) } }),
    response_url: opts.responseUrl,
  };
}

/** Every button in a message's blocks, with the block_id of its row. */
export function buttonsOf(message: { blocks?: unknown }): (Json & { block_id?: string })[] {
  const blocks = Array.isArray(message.blocks) ? (message.blocks as Json[]) : [];
  return blocks.flatMap((b) =>
    b.type === 'actions' && Array.isArray(b.elements)
      ? (b.elements as Json[])
          .filter((e) => e.type === 'button')
          .map((e) => ({ ...e, block_id: b.block_id as string | undefined }))
      : [],
  );
}

/** The button whose label is `label`; throws listing the labels there are. */
export function buttonLabelled(
  message: { blocks?: unknown },
  label: string | RegExp,
): Json & { block_id?: string } {
  const all = buttonsOf(message);
  const found = all.find((b) => {
    const text = String((b.text as Json | undefined)?.text ?? '');
    return typeof label === 'string' ? text === label : label.test(text);
  });
  if (!found) throw new Error(`no button ${label} in: ${all.map((b) => (b.text as Json).text).join(' / ')}`);
  return found;
}

/** Every string in a payload that Slack reads as mrkdwn: `text` fallbacks and mrkdwn text objects (not plain_text). */
export function mrkdwnStrings(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') {
          if ((v as Json).type !== 'plain_text') out.push(x);
        } else walk(x);
      }
    }
  };
  walk(value);
  return out;
}

/** Every plain-text string in a message (headers, plain sections, buttons), for reading what a person sees. */
export function visibleText(message: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v && typeof v === 'object') {
      const o = v as Json;
      if ((o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string') out.push(o.text);
      else for (const x of Object.values(o)) walk(x);
    }
  };
  walk((message as Json | undefined)?.blocks ?? message);
  return out.join('\n');
}

/** A person's reply in the thread `threadTs` of `channel` (a `message.channels` event). */
export function threadEvent(
  text: string,
  user: string,
  channel: string,
  threadTs: string,
  extra: Json = {},
): Json {
  return {
    type: 'message',
    channel_type: 'channel',
    channel,
    user,
    text,
    ts: nextTs(),
    thread_ts: threadTs,
    team: TEAM,
    ...extra,
  };
}

/** A view_submission payload for `view` (as the app opened it) with the input values a person typed. */
export function viewSubmissionPayload(
  view: Json,
  values: Record<string, Record<string, string>>,
  user: { id: string; name: string },
): Json {
  const state: Record<string, Record<string, { type: string; value: string }>> = {};
  for (const [block, actions] of Object.entries(values)) {
    state[block] = {};
    for (const [action, value] of Object.entries(actions))
      (state[block] as Record<string, { type: string; value: string }>)[action] = {
        type: 'plain_text_input',
        value,
      };
  }
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'acme' },
    user: { id: user.id, username: user.name, name: user.name, team_id: TEAM },
    api_app_id: 'A0APP',
    token: 'legacy',
    trigger_id: `trigger-${nextTs()}`,
    view: { id: 'V0MODAL', team_id: TEAM, app_id: 'A0APP', ...view, state: { values: state }, hash: 'h1' },
    response_urls: [],
  };
}
