// Who may reach the web chat, and how often: WEB_CHAT on/local/off, production's default, and per-caller limits.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { composeBot } from '../src/app/compose.ts';
import { createLogger } from '../src/app/logger.ts';
import { loadConfig } from '../src/config.ts';
import { type RunningServer, startServer } from '../src/server.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';

const servers: RunningServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function start(env: Record<string, string>) {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ...env });
  const { bot, store } = composeBot(config, { store: createSqliteStore(':memory:') });
  const server = await startServer({ config, bot, store, log: createLogger('silent') });
  servers.push(server);
  return server.url.replace('localhost', '127.0.0.1');
}

/** GET with a chosen Host header (fetch will not set one). */
const get = (url: string, host?: string) =>
  new Promise<number>((resolve, reject) => {
    const req = request(url, host ? { headers: { host } } : {}, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });

describe('WEB_CHAT', () => {
  it.each<[Record<string, string>, number, number]>([
    [{}, 200, 200],
    [{ WEB_CHAT: 'local' }, 200, 403],
    [{ WEB_CHAT: 'off' }, 404, 404],
    [{ NODE_ENV: 'production', MicrosoftAppId: '00000000-0000-0000-0000-000000000001' }, 200, 403],
  ])('%j: this machine gets %i, a rebinding browser %i', async (env, local, foreign) => {
    const url = await start(env);
    expect(await get(`${url}/`)).toBe(local);
    expect(await get(`${url}/`, 'attacker.example')).toBe(foreign);
  });

  it('the console still loads its card renderer when the web chat is off', async () => {
    const url = await start({ WEB_CHAT: 'off' });
    expect(await get(`${url}/web/vendor/adaptivecards.min.js`)).toBe(200);
  });
});

describe('limits per caller', () => {
  it('more than 10 pictures a minute get 429, and turns keep working', async () => {
    const url = await start({});
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await fetch(`${url}/web/api/picture?conversationId=limit-test-1`, {
        method: 'POST',
        headers: { 'content-type': 'image/png' },
        body: 'not a picture',
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
    const turn = await fetch(`${url}/web/api/turn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: 'limit-test-1', text: 'error 721' }),
    });
    expect(turn.status).toBe(200);
  });
});
