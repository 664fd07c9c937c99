// Who is at the agent console: per-agent tokens, a sign-in proxy's header, the shared token; and the record of who did what.
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { composeBot, serverDepsOf } from '../src/app/compose.ts';
import { trustedProxies } from '../src/channels/console/trusted-proxies.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { launchChromium } from './helpers/browser.ts';
import { tempDataDir } from './helpers/web-server.ts';

const ALICE = 'alice-0123456789abcdef';
const BOB = 'bob-0123456789abcdef01';
const TOKENS = `Alice:${ALICE}, Bob:${BOB}`;

type Logged = Record<string, unknown> & { msg: string };
type Console = Awaited<ReturnType<typeof startConsole>>;

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.stop().catch(() => {});
});

/** The real server on a loopback port with the settings `env`, its log lines kept for the test to read. */
async function startConsole(env: Record<string, string>) {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: tempDataDir(),
    HELPDESK_TZ: 'UTC',
    HELPDESK_HOURS: 'Mon-Sun 00:00-23:59',
    ...env,
  });
  const logged: Logged[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
  const composed = composeBot(config, { log });
  const server = await startServer(serverDepsOf(config, composed, log));
  const url = server.url.replace('localhost', '127.0.0.1');
  const c = {
    url,
    composed,
    logged,
    stop: async () => {
      await server.close();
      await composed.close();
    },
    /** Calls the console API with `headers` (a token, a proxy's header); a body makes it a POST. */
    // biome-ignore lint/suspicious/noExplicitAny: tests read the console's JSON loosely, as the page does
    api: async (path: string, headers: Record<string, string>, body?: unknown): Promise<any> => {
      const res = await fetch(`${url}/agent/api${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json', ...headers },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, json: await res.json() };
    },
    /** A web chat user asks for a person; returns the case id. */
    queued: async (user: string) => {
      await composed.bot.handle(`web:${user}`, { kind: 'text', text: 'error 809' }, undefined, {
        channel: 'web',
        address: { conversationId: user },
      });
      await composed.bot.handle(`web:${user}`, { kind: 'text', text: 'talk to a person' }, undefined, {
        channel: 'web',
        address: { conversationId: user },
      });
      const found = (await composed.handoffs.list()).find((x) => x.conversationKey === `web:${user}`);
      if (!found) throw new Error('no case was opened');
      return found.id;
    },
    inbox: async (user: string) => {
      await composed.handoffs.dispatch();
      const res = await fetch(`${url}/web/api/inbox?conversationId=${user}&after=0`);
      return JSON.stringify(await res.json());
    },
  };
  running.push(c);
  return c;
}

const as = (token: string) => ({ authorization: `Bearer ${token}` });
/** What the console logged about case `id`. */
const audit = (c: Console, id: string) =>
  c.logged.filter((l) => l.caseId === id && l.msg.startsWith('agent console'));

describe('per-agent tokens (AGENT_TOKENS): the token says who the agent is', () => {
  it.each([
    ['Bob claims, naming Alice', { agent: 'Alice' }, 403, 'queued', undefined],
    ['Bob claims, naming nobody', {}, 200, 'claimed', 'Bob'],
    ['Bob claims, naming himself in lower case', { agent: 'bob' }, 200, 'claimed', 'Bob'],
  ])('%s: answered %s, the case is %s by %s', async (_said, body, status, caseStatus, holder) => {
    const c = await startConsole({ AGENT_TOKENS: TOKENS });
    const id = await c.queued('identity-user-1');
    const claimed = await c.api(`/cases/${id}/claim`, as(BOB), body);
    expect(claimed.status).toBe(status);
    const now = await c.composed.handoffs.get(id);
    expect(now?.status).toBe(caseStatus);
    expect(now?.claimedBy?.name).toBe(holder);
  });

  it("Bob's token cannot write to or close Alice's case, whatever name it sends", async () => {
    const c = await startConsole({ AGENT_TOKENS: TOKENS });
    const id = await c.queued('identity-user-2');
    expect((await c.api(`/cases/${id}/claim`, as(ALICE), {})).status).toBe(200);
    const tries = [
      ['messages', { agent: 'Alice', text: 'I am Alice, honest' }, 403],
      ['messages', { text: 'hello from Bob' }, 409],
      ['close', { agent: 'Alice', note: 'closed by Bob' }, 403],
      ['close', { note: 'closed by Bob' }, 409],
      ['return', { agent: 'Alice' }, 403],
    ] as const;
    for (const [op, body, status] of tries)
      expect((await c.api(`/cases/${id}/${op}`, as(BOB), body)).status, `${op} ${JSON.stringify(body)}`).toBe(
        status,
      );
    const now = await c.composed.handoffs.get(id);
    expect(now?.status).toBe('claimed');
    expect(now?.claimedBy?.name).toBe('Alice');
    expect(JSON.stringify(now?.lines)).not.toMatch(/honest|hello from Bob|closed by Bob/);
    expect(await c.inbox('identity-user-2')).not.toMatch(/honest|hello from Bob|closed by Bob/);
  });

  it.each([
    ['no token', {}],
    ['an unknown token', as('carol-0123456789abcdef')],
    ['a token one character short', as(ALICE.slice(0, -1))],
    ['a proxy header nobody configured', { 'x-forwarded-user': 'Alice' }],
  ])('%s gets 401 and sees no case', async (_what, headers) => {
    const c = await startConsole({ AGENT_TOKENS: TOKENS });
    const id = await c.queued('identity-user-3');
    for (const path of ['/me', '/cases', `/cases/${id}`])
      expect((await c.api(path, headers)).status).toBe(401);
    expect((await c.api(`/cases/${id}/claim`, headers, { agent: 'Alice' })).status).toBe(401);
    expect((await c.composed.handoffs.get(id))?.status).toBe('queued');
  });

  it('the page learns who is signed in from /agent/api/me', async () => {
    const c = await startConsole({ AGENT_TOKENS: TOKENS });
    expect((await c.api('/me', as(ALICE))).json).toEqual({ name: 'Alice', signIn: 'agent-token' });
    expect((await c.api('/me', as(BOB))).json).toEqual({ name: 'Bob', signIn: 'agent-token' });
  });

  it("Alice's claim, reply, reading and close are recorded as Alice: in the case, to the user, in the log", async () => {
    const c = await startConsole({ AGENT_TOKENS: TOKENS });
    const id = await c.queued('identity-user-4');
    await c.api(`/cases/${id}/claim`, as(ALICE), {});
    await c.api(`/cases/${id}/messages`, as(ALICE), { text: 'Try the hotspot?' });
    expect((await c.api(`/cases/${id}`, as(ALICE))).json.case.claimedBy).toBe('Alice');
    await c.api(`/cases/${id}/close`, as(ALICE), { note: 'Hotel blocks IPsec' });

    const done = await c.composed.handoffs.get(id);
    expect(done?.closedBy?.name).toBe('Alice');
    expect(done?.lines.slice(-3).map((l) => `${l.from} ${l.name ?? ''}: ${l.text}`)).toEqual([
      'system : Alice claimed the case',
      'agent Alice: Try the hotspot?',
      'system : Alice closed the case: Hotel blocks IPsec',
    ]);
    expect(await c.inbox('identity-user-4')).toMatch(
      /Alice from the help desk has joined.*Alice: Try the hotspot\?.*Alice has closed your case/,
    );
    const lines = audit(c, id).map((l) => `${l.agent} ${l.action} ${l.signIn} ${l.outcome ?? ''}`.trim());
    expect(lines).toEqual([
      'Alice claim agent-token done',
      'Alice message agent-token done',
      'Alice read agent-token',
      'Alice close agent-token done',
    ]);
    expect(JSON.stringify(c.logged)).not.toContain(ALICE);
  });

  it('a refused attempt is logged with the token holder, not the name it gave', async () => {
    const c = await startConsole({ AGENT_TOKENS: TOKENS });
    const id = await c.queued('identity-user-5');
    await c.api(`/cases/${id}/claim`, as(BOB), { agent: 'Alice' });
    expect(audit(c, id)).toEqual([
      expect.objectContaining({ agent: 'Bob', action: 'claim', msg: 'agent console: refused' }),
    ]);
  });
});

describe('a sign-in proxy (AGENT_IDENTITY_HEADER) names the agent', () => {
  it('from a trusted address (loopback by default) the header is who acts', async () => {
    const c = await startConsole({ AGENT_IDENTITY_HEADER: 'X-Forwarded-User' });
    const id = await c.queued('identity-user-6');
    const carol = { 'x-forwarded-user': 'carol@example.com' };
    expect((await c.api('/me', carol)).json).toEqual({ name: 'carol@example.com', signIn: 'proxy' });
    expect((await c.api(`/cases/${id}/claim`, carol, { agent: 'Dana' })).status).toBe(403);
    expect((await c.api(`/cases/${id}/claim`, carol, {})).status).toBe(200);
    expect((await c.composed.handoffs.get(id))?.claimedBy?.name).toBe('carol@example.com');
  });

  it.each([
    ['a header', { 'x-forwarded-user': 'carol@example.com' }],
    ['no header', {}],
  ])('from an address outside AGENT_PROXY_ADDRESSES, %s gets 401', async (_what, headers) => {
    const c = await startConsole({
      AGENT_IDENTITY_HEADER: 'X-Forwarded-User',
      AGENT_PROXY_ADDRESSES: '10.9.8.7, 10.20.0.0/16',
    });
    const id = await c.queued('identity-user-7');
    expect((await c.api('/cases', headers)).status).toBe(401);
    expect((await c.api(`/cases/${id}/claim`, headers, {})).status).toBe(401);
    expect((await c.composed.handoffs.get(id))?.status).toBe('queued');
  });

  it("a header from an untrusted address does not change who a token's holder is", async () => {
    const c = await startConsole({
      AGENT_TOKENS: TOKENS,
      AGENT_IDENTITY_HEADER: 'X-Forwarded-User',
      AGENT_PROXY_ADDRESSES: '10.9.8.7',
    });
    const id = await c.queued('identity-user-8');
    const claimed = await c.api(`/cases/${id}/claim`, { ...as(BOB), 'x-forwarded-user': 'Alice' }, {});
    expect(claimed.json.case.claimedBy).toBe('Bob');
  });

  it('a proxy that sends a name with markup in it is refused', async () => {
    const c = await startConsole({ AGENT_IDENTITY_HEADER: 'X-Forwarded-User' });
    expect((await c.api('/me', { 'x-forwarded-user': '<img src=x>' })).status).toBe(403);
  });
});

describe('the shared AGENT_CONSOLE_TOKEN works as before', () => {
  it('agents name themselves; the page is told nobody is signed in by name', async () => {
    const c = await startConsole({ AGENT_CONSOLE_TOKEN: 'shared-0123456789' });
    const id = await c.queued('identity-user-9');
    const shared = as('shared-0123456789');
    expect((await c.api('/me', shared)).json).toEqual({ name: null, signIn: 'shared-token' });
    expect((await c.api(`/cases/${id}/claim`, shared, {})).status).toBe(400);
    expect((await c.api(`/cases/${id}/claim`, shared, { agent: 'Dana' })).json.case.claimedBy).toBe('Dana');
    expect(audit(c, id).at(-1)).toMatchObject({ agent: 'Dana', signIn: 'shared-token', outcome: 'done' });
  });
});

describe('sign-in settings are checked at start-up', () => {
  it.each([
    ['Alice', /AGENT_TOKENS: entry 1 has no ":"/],
    [`Alice:${ALICE},Alice:${BOB}`, /entry 2 \(Alice\): Alice already has a token/],
    [`Alice:${ALICE},Bob:${ALICE}`, /entry 2 \(Bob\): the same token as Alice/],
    ['Alice:short', /entry 1 \(Alice\): the token needs 16 or more characters/],
    [`<b>:${ALICE}`, /entry 1: "<b>" is not a name/],
  ])('AGENT_TOKENS=%j is refused, naming the entry', (value, message) => {
    expect(() => loadConfig({ AGENT_TOKENS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ AGENT_TOKENS: value })).toThrow(message);
  });

  it('a bad token is never repeated in the error', () => {
    expect(() => loadConfig({ AGENT_TOKENS: 'Alice:s3cret' })).toThrow(/^((?!s3cret)[\s\S])*$/);
  });

  it.each([
    [{ AGENT_TOKENS: TOKENS, AGENT_CONSOLE_TOKEN: 'shared-0123456789' }, /AGENT_CONSOLE_TOKEN: set it or/],
    [{ AGENT_IDENTITY_HEADER: 'X Forwarded User' }, /AGENT_IDENTITY_HEADER/],
    [{ AGENT_IDENTITY_HEADER: 'Authorization' }, /AGENT_IDENTITY_HEADER/],
    [{ AGENT_IDENTITY_HEADER: 'X-User', AGENT_PROXY_ADDRESSES: 'proxy.local' }, /entry 1 \("proxy.local"\)/],
    [{ AGENT_PROXY_ADDRESSES: '10.0.0.1' }, /AGENT_PROXY_ADDRESSES: only used with AGENT_IDENTITY_HEADER/],
  ])('%j is refused', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('which addresses count as the sign-in proxy', () => {
  it.each([
    [['10.0.0.0/24'], '10.0.0.5', true],
    [['10.0.0.0/24'], '::ffff:10.0.0.5', true],
    [['10.0.0.0/24'], '10.0.1.5', false],
    [['10.9.8.7'], '10.9.8.7', true],
    [['10.9.8.7'], '10.9.8.8', false],
    [['127.0.0.0/8', '::1'], '::1', true],
    [['127.0.0.0/8', '::1'], '::ffff:127.0.0.1', true],
    [['fd00::/8'], 'fd12::1', true],
    [['10.0.0.0/24'], undefined, false],
  ])('trusting %j, a caller at %s is trusted: %s', (entries, address, trusted) => {
    expect(trustedProxies(entries)(address)).toBe(trusted);
  });
});

describe('the console page on a phone, signed in with an agent token', () => {
  let browser: Browser | undefined;
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });

  it('asks for the token, not a name; then shows who is signed in and acts as them', async () => {
    const c = await startConsole({ AGENT_TOKENS: TOKENS });
    const id = await c.queued('identity-user-page');
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${c.url}/agent`);
    await page.getByLabel('Token').fill(ALICE);
    await page.getByLabel('Token').press('Tab');
    await page.getByText('Signed in as Alice').waitFor();
    expect(await page.getByLabel('You are').isVisible()).toBe(false);
    expect(await page.getByLabel('Token').isVisible()).toBe(false);

    const card = page.locator('#cases > li').first();
    await card.getByRole('button', { name: 'Claim' }).click();
    await card.getByText(/Alice is on it/).waitFor();
    await card.getByRole('button', { name: 'Open conversation' }).click();
    await page.fill('#reply-text', 'Hi, Alice here.');
    await page.press('#reply-text', 'Enter');
    await page.locator('#lines li.agent', { hasText: 'Hi, Alice here.' }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    if (process.env.CONSOLE_SCREENSHOT)
      await page.screenshot({ path: process.env.CONSOLE_SCREENSHOT, fullPage: true });

    expect((await c.composed.handoffs.get(id))?.claimedBy?.name).toBe('Alice');
    expect(audit(c, id).map((l) => `${l.agent} ${l.action}`)).toEqual(
      expect.arrayContaining(['Alice claim', 'Alice read', 'Alice message']),
    );
    expect(errors).toEqual([]);
  });
});
