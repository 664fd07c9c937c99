// A local Bot Framework connector stub: records what the bot posts to /v3/conversations/… and answers {id}.
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

/** A running stub; `url` is the serviceUrl to put in activities. */
export interface ConnectorStub {
  url: string;
  posts: ConnectorPost[];
  /** The posts that are messages (typing indicators left out). */
  messages(): ConnectorPost[];
  /** Makes the next `count` posts fail with HTTP `status`. */
  failNext(count: number, status?: number): void;
  clear(): void;
  close(): Promise<void>;
}

const ROUTE = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

/** Starts the stub on 127.0.0.1 (any free port); `record: false` answers without keeping posts (for benchmarks). */
export async function startConnectorStub(opts: { record?: boolean } = {}): Promise<ConnectorStub> {
  const record = opts.record ?? true;
  const posts: ConnectorPost[] = [];
  let failing = 0;
  let failStatus = 500;
  let n = 0;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = ROUTE.exec((req.url ?? '').split('?')[0] ?? '');
      if (req.method !== 'POST' || !match?.[1]) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      if (failing > 0) {
        failing--;
        res.writeHead(failStatus, { 'content-type': 'application/json' }).end('{"error":"stub failure"}');
        return;
      }
      if (record) {
        posts.push({
          conversationId: decodeURIComponent(match[1]),
          replyToId: match[2] ? decodeURIComponent(match[2]) : undefined,
          authorization: req.headers.authorization,
          activity: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
        });
      }
      n++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `stub-${n}` }));
    });
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    posts,
    messages: () => posts.filter((p) => p.activity.type === 'message'),
    failNext: (count, status = 500) => {
      failing = count;
      failStatus = status;
    },
    clear: () => {
      posts.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
