// The agent console's sign-in at its edges (issue 12, found by mutation testing): what each refused caller is told,
// which names a sign-in proxy may vouch for, a proxy's request without its header, and the Bearer scheme exactly.
import { request } from 'node:http';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { composeBot, serverDepsOf } from '../src/app/compose.ts';
// Loaded up front, not first by the server's lazily loaded console: mutation testing then sees its module-level
// name pattern as run by every test here, not only by the first test that starts a server (RELIABILITY.md).
import '../src/channels/console/console-auth.ts';
import { proxyAddressProblems, trustedProxies } from '../src/channels/console/trusted-proxies.ts';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { tempDataDir } from './helpers/web-server.ts';

const ALICE = 'alice-0123456789abcdef';
const SHARED = 'shared-0123456789abcdef';

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.stop().catch(() => {});
});

/** The real server on a loopback port with `env`; `get` sends any headers, Host included, and reads the JSON. */
async function startConsole(env: Record<string, string>) {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDataDir(), ...env });
  const logged: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
  const composed = composeBot(config, { log });
  const server = await startServer(serverDepsOf(config, composed, log));
  const url = server.url.replace('localhost', '127.0.0.1');
  const c = {
    logged,
    stop: async () => {
      await server.close();
      await composed.close();
    },
    get: (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
        const req = request(`${url}${path}`, { headers }, (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(body || '{}') }));
        });
        req.on('error', reject);
        req.end();
      }),
  };
  running.push(c);
  return c;
}

describe('what a refused caller is told', () => {
  it.each<[string, Record<string, string>, Record<string, string>, number, string]>([
    [
      'no token on a console with AGENT_CONSOLE_TOKEN',
      { AGENT_CONSOLE_TOKEN: SHARED },
      {},
      401,
      'the agent console needs its token (AGENT_CONSOLE_TOKEN)',
    ],
    [
      'a wrong token on a console with AGENT_TOKENS',
      { AGENT_TOKENS: `Alice:${ALICE}` },
      { authorization: 'Bearer not-a-token-of-anyone' },
      401,
      'sign in with your own agent token (AGENT_TOKENS)',
    ],
    [
      'no proxy header on a console behind a sign-in proxy',
      { AGENT_IDENTITY_HEADER: 'X-Forwarded-User' },
      {},
      401,
      'sign in through the help desk sign-in page',
    ],
    [
      'a proxy header with markup',
      { AGENT_IDENTITY_HEADER: 'X-Forwarded-User' },
      { 'x-forwarded-user': '<b>Carol' },
      403,
      'the sign-in proxy sent no usable agent name in X-Forwarded-User',
    ],
    [
      'a browser on this machine sent to the console by another site (DNS rebinding)',
      {},
      { host: 'attacker.example' },
      403,
      'the agent console answers this machine only; set AGENT_CONSOLE_TOKEN to open it up',
    ],
  ])('%s: the status and what to do', async (_, env, headers, status, error) => {
    const c = await startConsole(env);
    expect(await c.get('/agent/api/me', headers)).toEqual({ status, json: { error } });
  });

  it('the web chat says it is off (404) or for this machine only (403)', async () => {
    const off = await startConsole({ WEB_CHAT: 'off' });
    expect(await off.get('/web/api/inbox?conversationId=x&after=0')).toEqual({
      status: 404,
      json: { error: 'not found' },
    });
    const local = await startConsole({ WEB_CHAT: 'local' });
    expect(await local.get('/web/api/inbox?conversationId=x&after=0', { host: 'attacker.example' })).toEqual({
      status: 403,
      json: { error: 'the web chat answers this machine only (WEB_CHAT=local)' },
    });
  });
});

describe('who the console says is signed in', () => {
  it('a caller on this machine, with no sign-in configured, is signed in as "loopback"', async () => {
    const c = await startConsole({});
    expect(await c.get('/agent/api/me')).toEqual({ status: 200, json: { name: null, signIn: 'loopback' } });
  });

  it.each<[string, number, string | undefined]>([
    // [what the proxy sent, status, the agent's name]
    ['Carol', 200, 'Carol'],
    ['x'.repeat(100), 200, 'x'.repeat(100)],
    ['x'.repeat(101), 403, undefined],
    ['<b>Carol', 403, undefined],
    ['Carol<b>', 403, undefined],
  ])('a proxy that sends %j gets %i (agent %j)', async (vouched, status, name) => {
    const c = await startConsole({ AGENT_IDENTITY_HEADER: 'X-Forwarded-User' });
    const answer = await c.get('/agent/api/me', { 'x-forwarded-user': vouched });
    expect(answer.status).toBe(status);
    if (name) expect(answer.json).toEqual({ name, signIn: 'proxy' });
  });

  it('a request from the proxy address without its header still signs in by agent token', async () => {
    const c = await startConsole({
      AGENT_TOKENS: `Alice:${ALICE}`,
      AGENT_IDENTITY_HEADER: 'X-Forwarded-User',
    });
    expect(await c.get('/agent/api/me', { authorization: `Bearer ${ALICE}` })).toEqual({
      status: 200,
      json: { name: 'Alice', signIn: 'agent-token' },
    });
  });

  it('only the Bearer scheme carries a token', async () => {
    const c = await startConsole({ AGENT_TOKENS: `Alice:${ALICE}` });
    expect((await c.get('/agent/api/me', { authorization: `Basic Bearer ${ALICE}` })).status).toBe(401);
    expect((await c.get('/agent/api/me', { authorization: `bearer ${ALICE}` })).status).toBe(401);
    expect((await c.get('/agent/api/me', { authorization: `Bearer ${ALICE}` })).status).toBe(200);
  });

  it('a proxy header from an untrusted address is ignored and logged with where it came from', async () => {
    const c = await startConsole({
      AGENT_TOKENS: `Alice:${ALICE}`,
      AGENT_IDENTITY_HEADER: 'X-Forwarded-User',
      AGENT_PROXY_ADDRESSES: '10.9.8.7',
    });
    const answer = await c.get('/agent/api/me', {
      authorization: `Bearer ${ALICE}`,
      'x-forwarded-user': 'Bob',
    });
    expect(answer.json).toEqual({ name: 'Alice', signIn: 'agent-token' });
    const warning = c.logged.find(
      (l) => l.msg === 'agent console: identity header from an untrusted address ignored',
    );
    expect(warning).toMatchObject({
      header: 'X-Forwarded-User',
      from: expect.stringMatching(/127\.0\.0\.1$/),
    });
  });
});

describe('AGENT_PROXY_ADDRESSES entries', () => {
  it.each<[string, boolean]>([
    ['10.0.0.0/8', true],
    ['0.0.0.0/0', true],
    ['fd00::/8', true],
    ['10.0.0.0/33', false],
    ['10.0.0.0/-1', false],
    ['10.0.0.0/8/9', false],
    ['vpn.example.com', false],
  ])('%j is usable: %s', (entry, usable) => {
    expect(proxyAddressProblems([entry])).toHaveLength(usable ? 0 : 1);
  });

  it('an address without a prefix is that one address; a caller that is no address is never trusted', () => {
    const trusted = trustedProxies(['fd00::1', '10.9.8.7']);
    expect([trusted('fd00::1'), trusted('fd00::2'), trusted('10.9.8.7'), trusted('10.9.8.8')]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(trusted('not an address')).toBe(false);
    expect(trusted(undefined)).toBe(false);
  });
});
