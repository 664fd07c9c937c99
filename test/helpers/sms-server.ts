// SMS test harness: the real server with SMS on, signed Twilio-style form posts, and a stub of the SMS REST API.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import type { Composed } from '../../src/app/compose.ts';
import { composeBot, serverDepsOf } from '../../src/app/compose.ts';
import { createLogger, type Logger } from '../../src/app/logger.ts';
import { settingsOf } from '../../src/channels/channel.ts';
import { smsModule } from '../../src/channels/sms/sms-module.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { tempDataDir } from './web-server.ts';

/** The SMS settings every harness starts with; PUBLIC_BASE_URL is not the test server's address (a proxy's). */
export const SMS_ENV = {
  TWILIO_AUTH_TOKEN: 'test-auth-token-0123456789abcdef',
  TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
  TWILIO_FROM_NUMBER: '+15550100',
  PUBLIC_BASE_URL: 'https://vpnbot.example.com',
  HELPDESK_CONTACT: 'IT Service Desk 555-0199',
} as const;

/** One message the stub SMS API received. */
export interface StubbedSms {
  path: string;
  authorization?: string;
  contentType?: string;
  form: Record<string, string>;
  status: number;
}

/** A local stand-in for the provider's REST API that records every POST. */
export interface SmsApiStub {
  url: string;
  /** Every request, failed ones included, in order. */
  requests: StubbedSms[];
  /** The messages it accepted (answered 201). */
  delivered(): StubbedSms[];
  /** Answers the next `n` requests with `status` (default 500). */
  failNext(n: number, status?: number): void;
  /** Pictures it serves to GET, by path (the provider's media URLs). */
  media: Map<string, Buffer>;
  close(): Promise<void>;
}

/** Starts the stub on a free loopback port; it answers 201 with a small JSON message resource. */
export async function startSmsApiStub(): Promise<SmsApiStub> {
  const requests: StubbedSms[] = [];
  let failures: { left: number; status: number } = { left: 0, status: 500 };
  const media = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const picture = req.method === 'GET' ? media.get(req.url ?? '') : undefined;
    if (req.method === 'GET') {
      requests.push({
        path: req.url ?? '',
        authorization: req.headers.authorization,
        form: {},
        status: picture ? 200 : 404,
      });
      res
        .writeHead(picture ? 200 : 404, { 'content-type': picture ? 'image/png' : 'text/plain' })
        .end(picture ?? 'no');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const failing = failures.left > 0;
      if (failing) failures = { ...failures, left: failures.left - 1 };
      const status = failing ? failures.status : 201;
      requests.push({
        path: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        form,
        status,
      });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          failing
            ? { code: 20500, message: 'Internal Server Error', status }
            : { sid: `SM${randomBytes(16).toString('hex')}`, status: 'queued', to: form.To, body: form.Body },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    media,
    delivered: () => requests.filter((r) => r.status === 201),
    failNext: (n, status = 500) => {
      failures = { left: n, status };
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What the server answered to one inbound SMS. */
export interface SmsAnswer {
  status: number;
  contentType: string | null;
  xml: string;
  /** The text of each <Message>, unescaped, in order. */
  messages: string[];
}

/** A running bot with SMS on, the SMS API stub, and a clock the test moves. */
export interface SmsHarness {
  url: string;
  composed: Composed;
  server: RunningServer;
  api: SmsApiStub;
  clock: { now: number };
  dataDir: string;
  /** Texts the bot from `from` as the provider would (signed); `extra` adds or overrides form fields. */
  text(from: string, body: string, extra?: Record<string, string>): Promise<SmsAnswer>;
  /** Posts form `params` to /sms with `signature` as X-Twilio-Signature (or none). */
  post(params: Record<string, string>, signature?: string): Promise<SmsAnswer>;
  /** The signature the provider would send for `params` posted to PUBLIC_BASE_URL + `path`. */
  sign(params: Record<string, string>, path?: string): string;
  /** Calls the agent console API; returns status and JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read the console's JSON loosely
  agentApi(path: string, body?: Record<string, unknown>): Promise<{ status: number; json: any }>;
  stop(): Promise<void>;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** A fresh provider message id, like "SM" + 32 hex digits. */
export const messageSid = (): string => `SM${randomBytes(16).toString('hex')}`;

/**
 * Starts the server with SMS on (SMS_ENV plus `env`, TWILIO_API_URL pointing at a fresh stub), a temporary SQLite
 * DATA_DIR (or `dataDir`, to restart on the same file) and a clock starting on a Wednesday at 10:00 UTC; `log` replaces the silent logger.
 */
export async function startSmsHarness(
  env: Record<string, string> = {},
  opts: { log?: Logger; clock?: { now: number }; dataDir?: string } = {},
): Promise<SmsHarness> {
  const api = await startSmsApiStub();
  const clock = opts.clock ?? { now: Date.UTC(2026, 10, 25, 10) };
  const dataDir = opts.dataDir ?? tempDataDir();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    HELPDESK_TZ: 'UTC',
    ...SMS_ENV,
    TWILIO_API_URL: api.url,
    ...env,
  });
  const log = opts.log ?? createLogger('silent');
  const composed = composeBot(config, { now: () => clock.now, log });
  const server = await startServer(serverDepsOf(config, composed, log));
  const url = server.url.replace('localhost', '127.0.0.1');
  const authToken = settingsOf(config, smsModule)?.authToken ?? '';
  const sign = (params: Record<string, string>, path = '/sms') =>
    getExpectedTwilioSignature(authToken, `${config.publicBaseUrl}${path}`, params);
  const post = async (params: Record<string, string>, signature?: string): Promise<SmsAnswer> => {
    const res = await fetch(`${url}/sms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signature === undefined ? {} : { 'x-twilio-signature': signature }),
      },
      body: new URLSearchParams(params).toString(),
    });
    const xml = await res.text();
    const messages = [...xml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) => unescapeXml(m[1] ?? ''));
    return { status: res.status, contentType: res.headers.get('content-type'), xml, messages };
  };
  return {
    url,
    composed,
    server,
    api,
    clock,
    dataDir,
    sign,
    post,
    text: (from, body, extra = {}) => {
      const params = {
        AccountSid: SMS_ENV.TWILIO_ACCOUNT_SID,
        MessageSid: messageSid(),
        From: from,
        To: SMS_ENV.TWILIO_FROM_NUMBER,
        Body: body,
        NumMedia: '0',
        ...extra,
      };
      return post(params, sign(params));
    },
    agentApi: async (path, body) => {
      const res = await fetch(`${url}/agent/api${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, json: await res.json() };
    },
    stop: async () => {
      await server.close();
      await composed.close();
      await api.close();
    },
  };
}
