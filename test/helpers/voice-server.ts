// Voice test harness: the voice router on express over a real composed bot, signed Twilio-style call webhooks,
// TwiML parsed as XML, and an SMS user channel that records what it would text.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';
import { XMLParser } from 'fast-xml-parser';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { type Composed, composeBot } from '../../src/app/compose.ts';
import { createLogger } from '../../src/app/logger.ts';
import { createErrorHandler } from '../../src/channels/http-errors.ts';
import { createSmsUserChannel } from '../../src/channels/sms/sms-user-channel.ts';
import { createVoiceChannel } from '../../src/channels/voice/create-voice-channel.ts';
import { readVoiceSettings } from '../../src/channels/voice/voice-settings.ts';
import { loadConfig } from '../../src/config.ts';
import type { OptOutStore } from '../../src/store/opt-out-store.ts';
import { createSqliteOptOutStore } from '../../src/store/sqlite-opt-out-store.ts';
import { tempDataDir } from './web-server.ts';

export const VOICE_ENV = {
  TWILIO_AUTH_TOKEN: 'test-auth-token-0123456789abcdef',
  PUBLIC_BASE_URL: 'https://vpnbot.example.com',
  HELPDESK_PHONE: '+15550100199',
  HELPDESK_TZ: 'UTC',
  HELPDESK_HOURS: 'Mon-Fri 09:00-17:00',
} as const;
/** A Wednesday at 10:00 UTC (desk open) and the same day at 20:00 (closed). */
export const OPEN = Date.UTC(2026, 10, 25, 10);
export const CLOSED = Date.UTC(2026, 10, 25, 20);

/** One <Say>, <Gather>, <Dial>, <Record> or <Hangup> of an answer, read from the XML. */
export interface Verb {
  name: string;
  attrs: Record<string, string>;
  /** The spoken text of a Say, or of each Say inside a Gather. */
  says: string[];
  /** The number a Dial calls. */
  number?: string;
}

/** What the bot answered to one webhook. */
export interface CallAnswer {
  status: number;
  contentType: string | null;
  body: string;
  verbs: Verb[];
  /** Everything said, in order, as one text. */
  said: string;
  /** The Gather's action, when the answer listens. */
  action?: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  trimValues: false,
  parseTagValue: false,
});

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };
const textOf = (nodes: Node[]): string => nodes.map((n) => String(n['#text'] ?? '')).join('');

/** Reads a TwiML document into its verbs; throws unless it is well-formed XML with one <Response>. */
export function readTwiml(body: string): Verb[] {
  const doc = parser.parse(body, true) as Node[];
  const response = doc.find((n) => 'Response' in n);
  if (!response) throw new Error(`no <Response> in ${body}`);
  return (response.Response as Node[]).map((n) => {
    const name = Object.keys(n).find((k) => k !== ':@') ?? '';
    const children = (n[name] as Node[]) ?? [];
    const says =
      name === 'Say'
        ? [textOf(children)]
        : children.filter((c) => 'Say' in c).map((c) => textOf(c.Say as Node[]));
    const num = children.find((c) => 'Number' in c);
    return { name, attrs: n[':@'] ?? {}, says, number: num ? textOf(num.Number as Node[]) : undefined };
  });
}

/** One text the stubbed SMS provider was asked to send. */
export interface Texted {
  to: string;
  body: string;
}

/** A running voice line over a real bot, with its clock, its stores and what it texted. */
export interface VoiceHarness {
  url: string;
  composed: Composed;
  clock: { now: number };
  optOuts: OptOutStore;
  texts: Texted[];
  dataDir: string;
  /** Posts a signed webhook to `path` (with its query) as Twilio would. */
  post(path: string, params: Record<string, string>, signature?: string | null): Promise<CallAnswer>;
  sign(path: string, params: Record<string, string>): string;
  stop(): Promise<void>;
}

/** A fresh call id, "CA" and 32 hex digits. */
export const callSid = (): string => `CA${randomBytes(16).toString('hex')}`;

/**
 * Starts express with the voice router (and the server's last error handler) over a composed bot on a temporary
 * SQLite DATA_DIR (or `dataDir`, to restart on the same file); `env` adds or overrides settings.
 */
export async function startVoiceHarness(
  env: Record<string, string> = {},
  opts: { clock?: { now: number }; dataDir?: string } = {},
): Promise<VoiceHarness> {
  const clock = opts.clock ?? { now: OPEN };
  const dataDir = opts.dataDir ?? tempDataDir();
  const fullEnv = { PORT: '0', DATA_DIR: dataDir, ...VOICE_ENV, ...env };
  const config = loadConfig(fullEnv);
  const log = createLogger('silent');
  const composed = composeBot(config, { now: () => clock.now, log });
  const read = readVoiceSettings(fullEnv);
  if (!read.on) throw new Error(`voice is off: ${read.reason}`);
  const optOuts = createSqliteOptOutStore(`${dataDir}/vpnbot.sqlite`);
  const texts: Texted[] = [];
  const textUser = createSmsUserChannel({
    send: async (to, _from, body) => {
      texts.push({ to, body });
    },
    fromNumber: '+15550100',
    optOuts,
    log,
  });
  const voice = createVoiceChannel({
    settings: read.settings,
    publicBaseUrl: config.publicBaseUrl ?? '',
    authToken: fullEnv.TWILIO_AUTH_TOKEN,
    bot: composed.bot,
    store: composed.store,
    optOuts,
    handoffs: composed.handoffs,
    textUser,
    log,
    now: () => clock.now,
  });
  composed.handoffs.addUserChannel('voice', voice.userChannel);
  const app = express();
  app.use(voice.router);
  app.use(createErrorHandler(log));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const sign = (path: string, params: Record<string, string>) =>
    getExpectedTwilioSignature(fullEnv.TWILIO_AUTH_TOKEN, `${fullEnv.PUBLIC_BASE_URL}${path}`, params);
  const post = async (path: string, params: Record<string, string>, signature?: string | null) => {
    const sig = signature === undefined ? sign(path, params) : signature;
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(sig === null ? {} : { 'x-twilio-signature': sig }),
      },
      body: new URLSearchParams(params).toString(),
    });
    const body = await res.text();
    const isXml = (res.headers.get('content-type') ?? '').startsWith('text/xml');
    const verbs = isXml ? readTwiml(body) : [];
    const gather = verbs.find((v) => v.name === 'Gather');
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      body,
      verbs,
      said: verbs.flatMap((v) => v.says).join(' '),
      action: gather?.attrs.action?.replace(VOICE_ENV.PUBLIC_BASE_URL, ''),
    };
  };
  return {
    url,
    composed,
    clock,
    optOuts,
    texts,
    dataDir,
    post,
    sign,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await composed.close();
      await optOuts.close();
    },
  };
}

/** One caller on the line: starts the call, then answers each prompt at the action it gave. */
export class Call {
  readonly sid = callSid();
  last?: CallAnswer;
  constructor(
    readonly h: VoiceHarness,
    readonly from = '+15551234567',
    readonly to = '+15550100',
  ) {}

  private params(extra: Record<string, string>) {
    return {
      AccountSid: 'AC0123',
      CallSid: this.sid,
      From: this.from,
      To: this.to,
      CallStatus: 'in-progress',
      ...extra,
    };
  }

  /** The call comes in. */
  async ring(): Promise<CallAnswer> {
    this.last = await this.h.post('/voice', this.params({ CallStatus: 'ringing' }));
    return this.last;
  }

  /** Posts to the action of the last answer's Gather, Dial or Record with `fields`. */
  async send(fields: Record<string, string>): Promise<CallAnswer> {
    const verb = this.last?.verbs.find((v) => v.attrs.action);
    if (!verb) throw new Error(`nothing listens: ${this.last?.body}`);
    this.last = await this.h.post(
      (verb.attrs.action ?? '').replace(VOICE_ENV.PUBLIC_BASE_URL, ''),
      this.params(fields),
    );
    return this.last;
  }

  /** The caller says `words` (with the recogniser's confidence). */
  say(words: string, confidence = 0.92): Promise<CallAnswer> {
    return this.send({ SpeechResult: words, Confidence: String(confidence) });
  }

  /** The caller presses `keys`. */
  press(keys: string): Promise<CallAnswer> {
    return this.send({ Digits: keys });
  }

  /** The caller says nothing. */
  silence(): Promise<CallAnswer> {
    return this.send({});
  }
}
