// The web chat's limits hit the right people: an office behind one proxy, a chatty conversation, idle tabs polling.
import { once } from 'node:events';
import { Agent, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { composeBot } from '../src/app/compose.ts';
import type { Logger } from '../src/app/logger.ts';
import { createWebChatRouter } from '../src/channels/web/web-chat-router.ts';
import type { WebChatLimitSettings } from '../src/channels/web/web-limits.ts';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { launchChromium } from './helpers/browser.ts';
import { tempDataDir } from './helpers/web-server.ts';

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  json: Json;
  headers: IncomingHttpHeaders;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A logger whose warnings and errors the test reads. */
function recordingLog(): { log: Logger; lines: () => { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines: () => lines };
}

/** The whole server as `serve` starts it, with `env` added. */
async function startReal(env: Record<string, string>, log: Logger): Promise<string> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDataDir(), ...env });
  const { bot, store } = composeBot(config);
  const server = await startServer({ config, bot, store, log });
  cleanups.push(() => server.close());
  return server.url.replace('localhost', '127.0.0.1');
}

/** Just the web chat router on a real port, with budgets the test chooses (so a "minute" takes a second). */
async function startWithLimits(
  limits: Partial<WebChatLimitSettings>,
  log: Logger = recordingLog().log,
): Promise<string> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDataDir() });
  const composed = composeBot(config);
  const app = express();
  app.use(createWebChatRouter({ bot: composed.bot, log, limits }));
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await composed.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A client on one kept-alive connection, as a reverse proxy talks to the bot; `sockets()` counts connections used. */
function oneConnection(base: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const ports = new Set<number>();
  cleanups.push(async () => agent.destroy());
  const send = (method: string, path: string, body?: Json, headers: Record<string, string> = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const type = body ? { 'content-type': 'application/json' } : {};
      const req = request(`${base}${path}`, { method, agent, headers: { ...type, ...headers } }, (res) => {
        ports.add(res.socket.localPort ?? 0);
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text), headers: res.headers }),
        );
      });
      req.on('error', reject);
      req.end(body ? JSON.stringify(body) : undefined);
    });
  return {
    turn: (body: Json, forwardedFor?: string) =>
      send('POST', '/web/api/turn', body, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    poll: (conversationId: string) => send('GET', `/web/api/inbox?conversationId=${conversationId}&after=0`),
    sockets: () => ports.size,
  };
}

/** The line the page shows for a refused turn (the first reply's text). */
const saidOn = (answer: Answer) => (answer.json.replies as { text?: string }[] | undefined)?.[0]?.text ?? '';

/** A deadline for tests that send many real turns or start a browser, on a shared 2-core machine. */
const HEAVY = 180_000;

const conversation = (name: string) => `limits-${name}-${Date.now()}`;
const webLimitWarnings = (lines: { level: number; msg: string }[]) =>
  lines.filter((l) => l.level >= 40 && /web chat|limit|forwarded/i.test(l.msg));

describe('TRUST_PROXY', () => {
  it.each<[string, string | undefined, unknown]>([
    ['unset: the socket address, as without a proxy', undefined, false],
    ['"1": one proxy in front of the bot', '1', 1],
    ['"loopback": a proxy on this machine', 'loopback', ['loopback']],
    ['addresses and ranges', '203.0.113.7, 198.51.100.0/24', ['203.0.113.7', '198.51.100.0/24']],
    ['"false"', 'false', false],
  ])('%s', (_case, value, trusted) => {
    const config = loadConfig(value === undefined ? {} : { TRUST_PROXY: value });
    expect(config.trustProxy).toEqual(trusted);
  });

  it.each<[string, string, RegExp]>([
    ['"true" (anyone could pick an address)', 'true', /TRUST_PROXY: .*escape the limits/],
    ['a host name', 'proxy.example.com', /TRUST_PROXY: invalid IP address: proxy\.example\.com/],
    ['a range with a bad prefix', '198.51.100.0/99', /TRUST_PROXY: invalid range/],
    ['a hop count no chain of proxies has', '5000', /TRUST_PROXY: .*at most 10/],
  ])('refuses %s, naming the variable', (_case, value, message) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(message);
  });
});

describe('an office behind one reverse proxy', () => {
  it(
    'with TRUST_PROXY=1, 130 people through one connection each get all their turns answered',
    async () => {
      const { log, lines } = recordingLog();
      const proxy = oneConnection(await startReal({ TRUST_PROXY: '1' }, log));
      const people = Array.from({ length: 130 }, (_, i) => ({
        address: `203.0.113.${i + 1}`,
        conversationId: conversation(`office-${i}`),
      }));
      // Five turns each, 650 in all: more than one address's 600 a minute, so this only passes per person.
      const says = [{ welcome: true }, { text: 'my vpn is broken' }, { text: 'error 721' }, { text: 'yes' }];
      for (const [round, said] of [...says, { text: 'thanks' }].entries())
        for (const { address, conversationId } of people) {
          const answer = await proxy.turn({ conversationId, ...said }, `198.51.100.9, ${address}`);
          expect(answer.status, `${address}, turn ${round + 1}: ${JSON.stringify(answer.json)}`).toBe(200);
          expect((answer.json.replies as unknown[]).length).toBeGreaterThan(0);
        }
      expect(proxy.sockets()).toBe(1);
      expect(webLimitWarnings(lines())).toEqual([]);
    },
    HEAVY,
  );

  it('without TRUST_PROXY a forged X-Forwarded-For does not buy a caller more than its address’s budget', async () => {
    // Express's default, as TRUST_PROXY unset leaves it; 20 turns an address stand in for 600.
    const { log, lines } = recordingLog();
    const caller = oneConnection(await startWithLimits({ turnsPerAddress: 20 }, log));
    for (let i = 0; i < 20; i++) {
      const forged = `192.0.2.${i + 1}`;
      const answer = await caller.turn(
        { conversationId: conversation(`forger-${i}`), welcome: true },
        forged,
      );
      expect(answer.status, `turn ${i + 1}`).toBe(200);
    }
    const refused = await caller.turn(
      { conversationId: conversation('forger-21'), welcome: true },
      '192.0.2.99',
    );
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(saidOn(refused)).toBe(
      'Lots of people on your network are using this chat right now. Wait a minute, then tap Retry.',
    );
    // One plain hint for the operator, not a warning per limiter or per request.
    expect(webLimitWarnings(lines()).map((l) => l.msg)).toEqual([
      expect.stringMatching(/X-Forwarded-For but TRUST_PROXY is unset/),
    ]);
  });
});

describe('a conversation’s own budget', () => {
  it(
    'the 31st turn in a minute from one conversation gets a polite 429; another conversation at the same address is answered',
    async () => {
      const person = oneConnection(await startReal({}, recordingLog().log));
      const chatty = conversation('chatty');
      for (let i = 0; i < 30; i++)
        expect((await person.turn({ conversationId: chatty, text: `error 72${i % 10}` })).status).toBe(200);
      const refused = await person.turn({ conversationId: chatty, text: 'error 721' });
      expect(refused.status).toBe(429);
      expect(refused.json.error).toBe(saidOn(refused));
      expect(saidOn(refused)).toBe(
        'You’re sending messages faster than I can answer. Wait a minute, then tap Retry.',
      );
      expect(JSON.stringify(refused.json)).not.toMatch(/at |\.ts|Error:/);

      const colleague = await person.turn({ conversationId: conversation('colleague'), text: 'error 721' });
      expect(colleague.status).toBe(200);
      expect(JSON.stringify(colleague.json.replies)).toContain('721');
    },
    HEAVY,
  );
});

describe('polling spends its own budget', () => {
  it('six tabs polling for a "minute" leave the next real turn answered', async () => {
    // A minute shrunk: 10 turns per address, and every 3 s poll of six tabs (20 each) within their own budget.
    const page = oneConnection(
      await startWithLimits({ turnsPerAddress: 10, turnsPerConversation: 5, pollsPerConversation: 20 }),
    );
    const tabs = Array.from({ length: 6 }, (_, i) => conversation(`tab-${i}`));
    for (let tick = 0; tick < 20; tick++)
      for (const tab of tabs) {
        const answer = await page.poll(tab);
        expect(answer.status, `${tab}, poll ${tick + 1}`).toBe(200);
        expect(answer.json).toEqual({ messages: [] });
      }
    const turn = await page.turn({ conversationId: tabs[0], text: 'error 721' });
    expect(turn.status).toBe(200);
    expect(JSON.stringify(turn.json.replies)).toContain('721');
  });

  it('a tab polling past its budget gets a JSON 429, turns still go through, and polling resumes after the window', async () => {
    const page = oneConnection(await startWithLimits({ windowMs: 1000, pollsPerConversation: 3 }));
    const tab = conversation('eager');
    for (let i = 0; i < 3; i++) expect((await page.poll(tab)).status).toBe(200);
    const refused = await page.poll(tab);
    expect(refused.status).toBe(429);
    expect(refused.json.error).toMatch(/check again shortly/);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect((await page.turn({ conversationId: tab, text: 'error 721' })).status).toBe(200);

    const deadline = Date.now() + 20_000;
    let status = refused.status;
    while (status === 429 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await page.poll(tab)).status;
    }
    expect(status).toBe(200);
  });
});

describe('the page when the server says "too many"', () => {
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
  });

  it(
    'shows the polite line with Retry for a refused turn, and a refused poll makes it rest, not fail',
    async () => {
      const url = await startWithLimits({ turnsPerConversation: 2, pollsPerConversation: 1 });
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      cleanups.push(() => context.close());
      const page = await context.newPage();
      await page.clock.install();
      const pageErrors: string[] = [];
      page.on('pageerror', (err) => pageErrors.push(err.message));
      const polls: number[] = [];
      page.on('response', (res) => {
        if (res.url().includes('/web/api/inbox')) polls.push(res.status());
      });
      await page.goto(`${url}/`);
      await page.locator('.ac-adaptiveCard', { hasText: 'VPN help bot' }).waitFor();

      // The page polls every 3 s: the first poll is answered, the second refused, then it rests for Retry-After.
      const pollAnswered = async (count: number) => {
        await page.clock.runFor(3000);
        await expect.poll(() => polls.length, { timeout: 15_000 }).toBe(count);
      };
      await pollAnswered(1);
      await pollAnswered(2);
      expect(polls).toEqual([200, 429]);
      for (let i = 0; i < 5; i++) await page.clock.runFor(3000);
      await page.locator('#input').fill('error 721');
      await page.locator('#input').press('Enter');
      await page.locator('.ac-adaptiveCard', { hasText: 'GRE' }).waitFor();
      expect(polls).toEqual([200, 429]);
      expect(await page.locator('.msg.note').count()).toBe(0);

      await page.locator('#input').fill('error 800');
      await page.locator('#input').press('Enter');
      const line = page.locator('.msg.note.failure');
      await line.waitFor();
      expect(await line.textContent()).toBe(
        'You’re sending messages faster than I can answer. Wait a minute, then tap Retry.',
      );
      expect(await page.locator('.msg.user').last().locator('.status').textContent()).toContain('Not sent');
      expect(await page.getByRole('button', { name: 'Retry: error 800' }).isVisible()).toBe(true);
      expect(pageErrors).toEqual([]);
    },
    HEAVY,
  );
});
