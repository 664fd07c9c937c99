// "This machine only" means both halves: a loopback caller AND a Host naming this machine. Each half is tested alone,
// on the three routes that trust this machine: Teams local mode, the agent console without a token, WEB_CHAT=local.
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectorStub, startConnectorStub } from './helpers/connector-stub.ts';
import { type HandoffHarness, startHandoffHarness } from './helpers/handoff-server.ts';
import { personalMessage } from './helpers/teams-activity.ts';

/** This machine's first non-loopback IPv4 address: calling it makes us a caller from the network. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

let h: HandoffHarness;
let stub: ConnectorStub;
let port: number;

beforeAll(async () => {
  stub = await startConnectorStub();
  h = await startHandoffHarness({ HOST: '0.0.0.0', WEB_CHAT: 'local' });
  port = Number(new URL(h.url).port);
});
afterAll(async () => {
  await h?.stop();
  await stub?.close();
});

type Route = 'Teams local mode' | 'the agent console' | 'the web chat';
let n = 0;

/** Calls `route` by connecting to `address`, with `host` as the Host header; resolves to the HTTP status. */
function call(route: Route, address: string, host: string): Promise<number> {
  const conversationId = `a:host-check-${++n}`;
  const body =
    route === 'Teams local mode'
      ? JSON.stringify(personalMessage({ serviceUrl: stub.url, conversationId, text: 'error 721' }))
      : undefined;
  const path = {
    'Teams local mode': '/api/messages',
    'the agent console': '/agent/api/cases',
    'the web chat': '/',
  }[route];
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: address,
        port,
        path,
        method: body ? 'POST' : 'GET',
        headers: { host: host.replace('PORT', String(port)), 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const ROUTES: Route[] = ['Teams local mode', 'the agent console', 'the web chat'];

describe('a caller on this machine', () => {
  it.each(ROUTES)('naming this machine (127.0.0.1 or localhost) is let into %s', async (route) => {
    expect(await call(route, '127.0.0.1', '127.0.0.1:PORT')).toBe(200);
    expect(await call(route, '127.0.0.1', 'localhost:PORT')).toBe(200);
  });

  it.each(ROUTES)(
    'naming another host (a browser fooled by DNS rebinding) is refused by %s with 403',
    async (route) => {
      const before = stub.posts.length;
      expect(await call(route, '127.0.0.1', 'attacker.example:PORT')).toBe(403);
      expect(await call(route, '127.0.0.1', '127.0.0.1.attacker.example')).toBe(403);
      expect(stub.posts.length).toBe(before);
    },
  );
});

describe('a caller from the network', () => {
  it('exists on this machine: a non-loopback IPv4 address to call from (without it the tests below cannot run)', () => {
    expect(
      lanAddress,
      'this machine has no non-loopback IPv4 address; give it one to test LAN callers',
    ).toBeDefined();
  });

  it.each(ROUTES)('naming this machine in the Host header is still refused by %s with 403', async (route) => {
    const from = lanAddress ?? 'no-lan-address';
    const before = stub.posts.length;
    expect(await call(route, from, '127.0.0.1:PORT')).toBe(403);
    expect(await call(route, from, 'localhost:PORT')).toBe(403);
    expect(stub.posts.length).toBe(before);
  });
});
