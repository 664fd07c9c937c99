// The web chat over real HTTP: the page's headers, the turn API's answers, its refusals, a store outage and a restart.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.ts';
import type { ConversationStore } from '../src/store/conversation-store.ts';
import { StoreUnavailableError } from '../src/store/conversation-store.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { validateAdaptiveCard } from './helpers/validate-adaptive.ts';
import { postTurn, startTestServer, tempDataDir } from './helpers/web-server.ts';

type Json = Record<string, unknown>;
type WebReply = { text?: string; card?: Json };

const running: RunningServer[] = [];
const start = async (opts: Parameters<typeof startTestServer>[0] = {}) => {
  const server = await startTestServer(opts);
  running.push(server);
  return server;
};
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

let nextId = 0;
const newConversation = () => `test-conversation-${++nextId}-${Date.now()}`;

const cardProblems = (card: Json) => validateAdaptiveCard(card);

/** The replies of a 200 answer; every card in them must pass the Adaptive Card validation. */
async function turn(url: string, body: Json, headers: Record<string, string> = {}): Promise<WebReply[]> {
  const { status, json } = await postTurn(url, body, headers);
  expect(status, JSON.stringify(json)).toBe(200);
  const replies = json.replies as WebReply[];
  for (const reply of replies) {
    expect(Object.keys(reply)).toHaveLength(1);
    if (reply.card) expect(cardProblems(reply.card)).toEqual([]);
    else expect(typeof reply.text).toBe('string');
  }
  return replies;
}

/** Everything the replies say, as one string (card JSON included). */
const said = (replies: WebReply[]) => JSON.stringify(replies);

/** The Action.Submit data of the button titled `title` on any of the replies' cards. */
function press(replies: WebReply[], title: string): unknown {
  const found: Json[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const obj = node as Json;
      if (obj.type === 'Action.Submit') found.push(obj);
      for (const [key, value] of Object.entries(obj)) if (key !== 'data') visit(value);
    }
  };
  for (const reply of replies) visit(reply.card);
  const action = found.find((a) => a.title === title);
  if (!action) throw new Error(`no button "${title}" in: ${found.map((a) => a.title).join(' / ')}`);
  return action.data;
}

/** A store that can be switched to failing: 'down' rejects like an outage, 'broken' with an unexpected error. */
function switchableStore(inner: ConversationStore) {
  let mode: 'up' | 'down' | 'broken' = 'up';
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'close') return value;
      return (...args: unknown[]) => {
        if (mode === 'down') return Promise.reject(new StoreUnavailableError('test: the database is down'));
        if (mode === 'broken') return Promise.reject(new Error('boom in /srv/secret/internal.ts'));
        return value.apply(target, args);
      };
    },
  });
  const set = (next: typeof mode) => {
    mode = next;
  };
  return { store, set };
}

describe('the web chat page', () => {
  it('is served with a strict CSP, no inline script, and its scripts as files', async () => {
    const { url } = await start();
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await page.text();
    expect(html).toContain('VPN help');
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\ssrc="\/web\//);
    expect(html).not.toMatch(/\son[a-z]+=/i);

    for (const path of ['/web/static/chat.js', '/web/static/chat.css', '/web/vendor/adaptivecards.min.js']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-type')).toMatch(path.endsWith('.css') ? /^text\/css/ : /javascript/);
    }
    const bundle = await (await fetch(`${url}/web/vendor/adaptivecards.min.js`)).text();
    expect(bundle).toContain('AdaptiveCards');
    expect((await fetch(`${url}/web/static/../../server.ts`)).status).toBe(404);
    expect((await fetch(`${url}/web/static/missing.js`)).status).toBe(404);
  });
});

describe('POST /web/api/turn', () => {
  it('greets with a card, explains "error 721" with GRE, and moves on when a card button is pressed', async () => {
    const { url } = await start();
    const conversationId = newConversation();
    const welcome = await turn(url, { conversationId, welcome: true });
    expect(welcome).toHaveLength(1);
    expect(said(welcome)).toContain('VPN help bot');

    const code = await turn(url, { conversationId, text: 'error 721' });
    expect(code[0]?.card).toBeDefined();
    expect(said(code.slice(0, 1))).toContain('721');
    expect(said(code.slice(0, 1))).toContain('GRE');
    expect(said(code)).toContain('Did this fix it?');

    const started = await turn(url, { conversationId, action: press(welcome, 'Start VPN troubleshooting') });
    expect(said(started)).toContain('Is the internet really working');
    const next = await turn(url, { conversationId, action: press(started, 'It loads') });
    expect(said(next)).toContain('Which kind of VPN');
  });

  it('answers a forged or stale button press with "out of date" and where the conversation is', async () => {
    const { url } = await start();
    const conversationId = newConversation();
    const welcome = await turn(url, { conversationId, welcome: true });
    const started = await turn(url, { conversationId, action: press(welcome, 'Start VPN troubleshooting') });
    const forged = { vpnbot: { type: 'choice', node: 'credentials', choice: 'rejected', turn: 999 } };
    const answer = await turn(url, { conversationId, action: forged });
    expect(said(answer)).toContain('out of date');
    expect(said(answer)).toContain('Is the internet really working');
    await turn(url, { conversationId, action: press(started, 'It loads') });
    expect(said(await turn(url, { conversationId, action: press(started, 'Nothing loads') }))).toContain(
      'out of date',
    );
  });

  it('refuses malformed input with a 400 and a clear JSON error', async () => {
    const { url } = await start();
    const conversationId = newConversation();
    const bad: unknown[] = [
      { conversationId, action: { vpnbot: { type: 'choice', node: 'x' } } },
      { conversationId, action: { vpnbot: { type: 'choice', node: 'x', choice: 'y', turn: 1, extra: 1 } } },
      { conversationId, action: 'not an object' },
      { conversationId, action: { other: 1 } },
      { conversationId, text: 42 },
      { conversationId, welcome: 'yes' },
      { conversationId },
      { conversationId, text: 'hi', welcome: true },
      { conversationId: 'short', text: 'hi' },
      { conversationId: '../../etc/passwd', text: 'hi' },
      { conversationId: 'a'.repeat(65), text: 'hi' },
      { text: 'hi' },
      [conversationId],
      'just a string',
    ];
    for (const body of bad) {
      const { status, json } = await postTurn(url, JSON.stringify(body));
      expect(status, JSON.stringify(body)).toBe(400);
      expect(typeof json.error).toBe('string');
    }
  });

  it('answers bad JSON with 400, a huge body with 413, non-JSON with 415 and a GET with 405, all as JSON', async () => {
    const { url } = await start();
    const conversationId = newConversation();
    const badJson = await postTurn(url, '{"conversationId": "abcdefgh12", "text": ');
    expect(badJson.status).toBe(400);
    expect(badJson.json.error).toMatch(/not valid JSON/);

    const huge = await postTurn(url, { conversationId, text: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
    expect(huge.json.error).toMatch(/too large/);

    const form = await fetch(`${url}/web/api/turn`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `conversationId=${conversationId}&text=hi`,
    });
    expect(form.status).toBe(415);
    expect(await form.json()).toHaveProperty('error');

    const get = await fetch(`${url}/web/api/turn`);
    expect(get.status).toBe(405);
    expect(await get.json()).toHaveProperty('error');

    const long = await turn(url, { conversationId, text: `error 721 ${'a'.repeat(10_000)}` });
    expect(said(long)).toContain('GRE');
  });

  it('never sends typed markup back unescaped', async () => {
    const { url } = await start();
    const conversationId = newConversation();
    await turn(url, { conversationId, welcome: true });
    for (const text of [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)> error 721',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template expression a user might type
      '${evil} {{DATE(x)}}',
    ]) {
      const res = await fetch(`${url}/web/api/turn`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ conversationId, text }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const raw = await res.text();
      expect(raw).not.toMatch(/<script|<img|\$\{evil|\{\{DATE/i);
      for (const reply of (JSON.parse(raw) as { replies: WebReply[] }).replies)
        if (reply.card) expect(cardProblems(reply.card)).toEqual([]);
    }
  });

  it('answers a client retry with the same X-Request-Id only once, and ignores ids of another shape', async () => {
    const { url } = await start();
    const conversationId = newConversation();
    const welcome = await turn(url, { conversationId, welcome: true });
    const body = { conversationId, action: press(welcome, 'Start VPN troubleshooting') };
    const headers = { 'X-Request-Id': 'retry-0001' };
    const first = await postTurn(url, body, headers);
    expect(said(first.json.replies as WebReply[])).toContain('Is the internet really working');
    const again = await postTurn(url, body, headers);
    expect(again.status).toBe(200);
    // The retry gets the answer it missed, and the press is not applied a second time.
    expect(again.json).toEqual({ replies: first.json.replies, duplicate: true });
    const next = await turn(url, { conversationId, text: 'yes' });
    expect(said(next)).not.toContain('Is the internet really working');

    const foreign = { 'X-Request-Id': 'proxy.id/with spaces and dots' };
    const code = await turn(url, { conversationId, text: 'error 721' }, foreign);
    expect(said(code)).toContain('GRE');
    expect(said(await turn(url, { conversationId, text: 'error 721' }, foreign))).toContain('GRE');
  });

  it('gives a short "try again" with a 503 while the store is down, and stays up', async () => {
    const switchable = switchableStore(createSqliteStore(':memory:'));
    const server = await start({ store: switchable.store });
    const { url } = server;
    const conversationId = newConversation();
    const welcome = await turn(url, { conversationId, welcome: true });

    switchable.set('down');
    const down = await postTurn(url, { conversationId, text: 'error 721' });
    expect(down.status).toBe(503);
    expect(down.json).toEqual({
      replies: [{ text: "Sorry, I can't reach my memory right now. Please try again in a minute." }],
    });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ store: 'down' });

    switchable.set('broken');
    const broken = await fetch(`${url}/web/api/turn`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ conversationId, text: 'error 721' }),
    });
    expect(broken.status).toBe(500);
    const brokenText = await broken.text();
    expect(JSON.parse(brokenText)).toEqual({ error: expect.any(String) });
    expect(brokenText).not.toMatch(/boom|secret|\.ts|at /);

    switchable.set('up');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const started = await turn(url, { conversationId, action: press(welcome, 'Start VPN troubleshooting') });
    expect(said(started)).toContain('Is the internet really working');
  });

  it('continues a triage where it was after a restart on the same SQLite file', async () => {
    const dataDir = tempDataDir();
    const conversationId = newConversation();
    const before = await start({ dataDir });
    const welcome = await turn(before.url, { conversationId, welcome: true });
    const started = await turn(before.url, {
      conversationId,
      action: press(welcome, 'Start VPN troubleshooting'),
    });
    const vpnType = await turn(before.url, { conversationId, action: press(started, 'It loads') });
    await before.close();
    running.splice(running.indexOf(before), 1);

    const after = await start({ dataDir });
    const network = await turn(after.url, { conversationId, action: press(vpnType, 'PPTP') });
    expect(said(network)).not.toContain('out of date');
    expect(said(network)).toContain('hotspot');
    expect(said(network)).toContain('GRE');
    const outcome = await turn(after.url, { conversationId, text: 'yes' });
    expect(said(outcome)).toContain('This network blocks the VPN');
    expect(said(outcome)).toContain('PPTP');
  });
});
