// A local Bot Framework connector stub: records what the bot sends to /v3/… (posts, new threads, card updates) and answers as Teams would.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One activity the bot sent, with where it went. */
export interface ConnectorPost {
  conversationId: string;
  /** Set when the bot replied to an activity (POST …/activities/:replyToId). */
  replyToId?: string;
  authorization?: string;
  activity: Record<string, unknown>;
}

/** A conversation the bot created (POST /v3/conversations): in Teams, a new thread in a channel. */
export interface ConnectorCreated {
  /** `channelData.channel.id` of the request: the channel the thread was started in. */
  channelId?: string;
  parameters: Record<string, unknown>;
  /** The first message of the thread (`parameters.activity`). */
  activity: Record<string, unknown>;
  /** What the stub answered: `<channel>;messageid=<activityId>` and the message id. */
  conversationId: string;
  activityId: string;
}

/** An activity the bot rewrote (PUT /v3/conversations/:id/activities/:activityId). */
export interface ConnectorUpdate {
  conversationId: string;
  activityId: string;
  activity: Record<string, unknown>;
}

/** A running stub; `url` is the serviceUrl to put in activities. */
export interface ConnectorStub {
  url: string;
  posts: ConnectorPost[];
  created: ConnectorCreated[];
  updates: ConnectorUpdate[];
  /** What GET /attachments/<name> serves (as the Emulator serves uploaded attachments), by path. */
  files: Map<string, { bytes: Uint8Array; type: string }>;
  /** Every GET of /attachments/…: the path and the authorization header it came with. */
  downloads: { path: string; authorization?: string }[];
  /** The posts that are messages (typing indicators left out). */
  messages(): ConnectorPost[];
  /** Sets what GET /v3/teams/:teamId/conversations lists for a team (unknown teams answer 404). */
  setTeamChannels(teamId: string, channelIds: string[]): void;
  /** Makes the next `count` requests to a known route (of any kind) fail with HTTP `status`. */
  failNext(count: number, status?: number): void;
  clear(): void;
  close(): Promise<void>;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;
const CONVERSATIONS = /^\/v3\/conversations\/?$/;
const TEAM_CHANNELS = /^\/v3\/teams\/([^/]+)\/conversations\/?$/;
const ATTACHMENTS = /^\/attachments\//;

type Json = Record<string, unknown>;

const parse = (body: string): Json => JSON.parse(body || '{}') as Json;

/** Starts the stub on 127.0.0.1 (any free port); `record: false` answers without keeping posts (for benchmarks). */
export async function startConnectorStub(opts: { record?: boolean } = {}): Promise<ConnectorStub> {
  const record = opts.record ?? true;
  const posts: ConnectorPost[] = [];
  const created: ConnectorCreated[] = [];
  const updates: ConnectorUpdate[] = [];
  const teams = new Map<string, string[]>();
  const files = new Map<string, { bytes: Uint8Array; type: string }>();
  const downloads: { path: string; authorization?: string }[] = [];
  let failing = 0;
  let failStatus = 500;
  let n = 0;

  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  const route = (req: IncomingMessage, body: string, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const activities = ACTIVITIES.exec(path);
    const team = TEAM_CHANNELS.exec(path);
    if (req.method === 'GET' && ATTACHMENTS.test(path)) {
      downloads.push({ path, authorization: req.headers.authorization });
      const file = files.get(path);
      if (!file) return json(res, 404, { error: 'no such attachment' });
      return res.writeHead(200, { 'content-type': file.type }).end(file.bytes);
    }
    if (req.method === 'POST' && activities?.[1]) {
      if (record)
        posts.push({
          conversationId: decodeURIComponent(activities[1]),
          replyToId: activities[2] ? decodeURIComponent(activities[2]) : undefined,
          authorization: req.headers.authorization,
          activity: parse(body),
        });
      n++;
      return json(res, 200, { id: `stub-${n}` });
    }
    if (req.method === 'PUT' && activities?.[1] && activities[2]) {
      const activityId = decodeURIComponent(activities[2]);
      updates.push({ conversationId: decodeURIComponent(activities[1]), activityId, activity: parse(body) });
      return json(res, 200, { id: activityId });
    }
    if (req.method === 'POST' && CONVERSATIONS.test(path)) {
      const parameters = parse(body);
      const channelId = (parameters.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
      const activityId = String(1_700_000_000_000 + ++n);
      const conversationId = `${channelId ?? 'a:new'};messageid=${activityId}`;
      created.push({
        channelId,
        parameters,
        activity: (parameters.activity ?? {}) as Json,
        conversationId,
        activityId,
      });
      return json(res, 201, { id: conversationId, activityId, serviceUrl: undefined });
    }
    if (req.method === 'GET' && team?.[1]) {
      const channels = teams.get(decodeURIComponent(team[1]));
      if (!channels) return json(res, 404, { error: { code: 'NotFound', message: 'no such team' } });
      return json(res, 200, {
        conversations: channels.map((id, i) => ({ id, name: i ? `Channel ${i}` : null })),
      });
    }
    return json(res, 404, { error: 'not found' });
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const known = [ACTIVITIES, CONVERSATIONS, TEAM_CHANNELS].some((r) => r.test(path));
      if (known && failing > 0) {
        failing--;
        json(res, failStatus, { error: 'stub failure' });
        return;
      }
      route(req, Buffer.concat(chunks).toString('utf8'), res);
    });
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    posts,
    created,
    updates,
    files,
    downloads,
    messages: () => posts.filter((p) => p.activity.type === 'message'),
    setTeamChannels: (teamId, channelIds) => void teams.set(teamId, [...channelIds]),
    failNext: (count, status = 500) => {
      failing = count;
      failStatus = status;
    },
    clear: () => {
      posts.length = 0;
      created.length = 0;
      updates.length = 0;
      downloads.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
