// Teams endpoint security and reliability: tokens, local mode, re-sent activities, restarts, store outages.
import { createSign, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConversationStore, StoreUnavailableError } from '../src/store/conversation-store.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { type ConnectorStub, startConnectorStub } from './helpers/connector-stub.ts';
import { channelMention, personalMessage, personalPress, postActivity } from './helpers/teams-activity.ts';
import { heard, must, submitButtons, validCards } from './helpers/teams-cards.ts';
import { startTeamsTestServer } from './helpers/teams-server.ts';

const APP_ID = '11111111-2222-3333-4444-555555555555';
let stub: ConnectorStub;

beforeAll(async () => {
  stub = await startConnectorStub();
});
afterAll(async () => {
  await stub?.close();
});

describe('with MicrosoftAppId set', () => {
  it('rejects requests without a valid Bot Framework token with 401 and changes nothing', async () => {
    const server = await startTeamsTestServer({
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret' },
    });
    try {
      stub.clear();
      const activity = personalMessage({ serviceUrl: stub.url, conversationId: 'a:auth', text: 'error 721' });
      for (const headers of [
        {} as Record<string, string>,
        { authorization: 'Bearer not-a-jwt' },
        { authorization: 'Basic dXNlcjpwYXNz' },
      ]) {
        const res = await postActivity(server.url, activity, headers);
        expect(res.status).toBe(401);
      }
      // Off loopback the answer is the same 401: local-mode rules do not apply once auth is on.
      const remote = personalMessage({ serviceUrl: 'https://smba.trafficmanager.net/amer/', text: 'hi' });
      expect((await postActivity(server.url, remote)).status).toBe(401);
      expect(stub.posts).toHaveLength(0);
      expect(await server.store.get('teams:a:auth')).toBeUndefined();
      // The activity id was not consumed: it is still unseen.
      expect(await server.store.firstSeen(`teams:a:auth#${activity.id}`, Date.now())).toBe(true);
    } finally {
      await server.close();
    }
  });
});

/** A token shaped like the Bot Framework's, for APP_ID, signed with a key of our own (kid `forged-key`). */
function forgedToken(): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: 'RS256', typ: 'JWT', kid: 'forged-key' });
  const body = b64({ iss: 'https://api.botframework.com', aud: APP_ID, nbf: now - 60, exp: now + 3600 });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey).toString('base64url');
  return `${head}.${body}.${signature}`;
}

/**
 * A local stand-in for Microsoft's OpenID metadata (the bot's ToBotFrom…OpenIdMetadataUrl): `down` is a closed
 * port, `failing` answers 500, `serving` publishes a real key under the forged token's kid (not the key it was signed with).
 */
async function startKeyEndpoint(mode: 'down' | 'failing' | 'serving') {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'forged-key', use: 'sig' };
  const server = createServer((req, res) => {
    if (mode === 'failing') return void res.writeHead(500).end('down for maintenance');
    const body = req.url?.endsWith('/keys')
      ? { keys: [jwk] }
      : { issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys` };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (mode === 'down') await new Promise((resolve) => server.close(resolve));
  return {
    url: `${base}/.well-known/openidconfiguration`,
    close: () => new Promise((resolve) => (mode === 'down' ? resolve(undefined) : server.close(resolve))),
  };
}

describe("a forged token, whatever state Microsoft's key endpoint is in", () => {
  it.each([
    ['unreachable', 'down', 503],
    ['answering 500', 'failing', 503],
    ['serving other keys', 'serving', 401],
  ] as const)(
    'gets no 500 when the key endpoint is %s (%s): %i, and nothing changes',
    async (_state, mode, status) => {
      const keys = await startKeyEndpoint(mode);
      const server = await startTeamsTestServer({
        env: {
          MicrosoftAppId: APP_ID,
          MicrosoftAppPassword: 'secret',
          ToBotFromChannelOpenIdMetadataUrl: keys.url,
          ToBotFromEmulatorOpenIdMetadataUrl: keys.url,
        },
      });
      try {
        stub.clear();
        const activity = personalMessage({
          serviceUrl: stub.url,
          conversationId: `a:forged-${mode}`,
          text: 'error 721',
        });
        const res = await postActivity(server.url, activity, { authorization: `Bearer ${forgedToken()}` });
        expect(res.status).toBe(status);
        expect(stub.posts).toHaveLength(0);
        expect(await server.store.get(`teams:a:forged-${mode}`)).toBeUndefined();
        expect(await server.store.firstSeen(`teams:a:forged-${mode}#${activity.id}`, Date.now())).toBe(true);
      } finally {
        await server.close();
        await keys.close();
      }
    },
  );
});

describe('local mode (no MicrosoftAppId)', () => {
  it.each([
    'https://smba.trafficmanager.net/amer/',
    'http://127.0.0.1.nip.io:3978/',
    'http://127.0.0.1@evil.example.com/',
    'http://user:pw@127.0.0.1/',
    'file:///etc/passwd',
    '',
  ])('answers 403 to serviceUrl %j and sends nothing', async (serviceUrl) => {
    const server = await startTeamsTestServer();
    try {
      stub.clear();
      const activity = personalMessage({ serviceUrl, conversationId: 'a:remote', text: 'error 721' });
      if (!serviceUrl) delete activity.serviceUrl;
      const res = await postActivity(server.url, activity);
      expect(res.status).toBe(403);
      expect(stub.posts).toHaveLength(0);
      expect(await server.store.get('teams:a:remote')).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  it('answers 403 to a caller that is not on loopback (this machine must have a non-loopback address)', async () => {
    expect(external, 'no non-loopback IPv4 address on this machine to call from').toBeDefined();
    const server = await startTeamsTestServer({ env: { HOST: '0.0.0.0' } });
    try {
      stub.clear();
      const port = new URL(server.url).port;
      const res = await postActivity(
        `http://${external}:${port}`,
        personalMessage({ serviceUrl: stub.url, conversationId: 'a:lan', text: 'error 721' }),
      );
      expect(res.status).toBe(403);
      expect(stub.posts).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it('answers 400 to bodies that are not activities', async () => {
    const server = await startTeamsTestServer();
    try {
      for (const body of ['not json', '[1,2]', '{"text":"no type"}', 'null']) {
        const res = await fetch(`${server.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(res.status).toBe(400);
      }
    } finally {
      await server.close();
    }
  });
});

describe('activities with fields of the wrong type', () => {
  it.each<[string, Record<string, unknown>]>([
    ['the text is an object', { text: { toString: 'error 721' } }],
    ['the text is a list', { text: ['error 721'] }],
    ['the text is a number', { text: 721 }],
    [
      'the text is an object, next to a picture',
      { text: { a: 1 }, attachments: [{ contentType: 'image/png', contentUrl: 'http://127.0.0.1:9/p.png' }] },
    ],
    ['an entity is not an object', { entities: [1] }],
    ['an entity has no type', { entities: [{ text: '<at>VPN Bot</at>' }] }],
    ['the id is a number', { id: 5 }],
    ['the locale is a number', { locale: 5 }],
  ])(
    'answers 400 (not 500) when %s, in a 1:1 chat and in a channel, and sends nothing',
    async (_what, fields) => {
      const server = await startTeamsTestServer();
      try {
        stub.clear();
        const personal = {
          ...personalMessage({ serviceUrl: stub.url, conversationId: 'a:odd', text: 'x' }),
          ...fields,
        };
        const shared = { ...channelMention({ serviceUrl: stub.url, text: 'x' }), ...fields };
        for (const activity of [personal, shared]) {
          const res = await postActivity(server.url, activity);
          expect(res.status).toBe(400);
          expect(res.body).toEqual({ error: expect.stringMatching(/wrong type/) });
        }
        expect(stub.posts).toHaveLength(0);
        expect(await server.store.get('teams:a:odd')).toBeUndefined();
      } finally {
        await server.close();
      }
    },
  );

  it.each<[string, Record<string, unknown>]>([
    ['"text" is null', { text: null }],
    ['an @mention names no one', { entities: [{ type: 'mention', text: '<at>VPN Bot</at>' }] }],
    ['there is no recipient', { recipient: null }],
  ])(
    'answers, without an error, a message where %s, in a 1:1 chat and in a channel',
    async (_what, fields) => {
      const server = await startTeamsTestServer();
      try {
        stub.clear();
        const personal = {
          ...personalMessage({ serviceUrl: stub.url, conversationId: 'a:odd-ok', text: 'error 721' }),
          ...fields,
        };
        const shared = { ...channelMention({ serviceUrl: stub.url, text: 'vpncode 721' }), ...fields };
        for (const activity of [personal, shared])
          expect((await postActivity(server.url, activity)).status).toBe(200);
        expect(stub.posts.length).toBeGreaterThan(0);
      } finally {
        await server.close();
      }
    },
  );
});

describe('state that survives', () => {
  it('loses nothing when the server restarts between two messages (same SQLite file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpnbot-teams-'));
    const file = join(dir, 'state.sqlite');
    const env = { VPN_TYPES: 'sstp' };
    try {
      let server = await startTeamsTestServer({ env, storeFile: file });
      stub.clear();
      const activity = personalMessage({
        serviceUrl: stub.url,
        conversationId: 'a:restart',
        text: 'vpn not working',
      });
      await postActivity(server.url, activity);
      const [question] = validCards(stub.messages());
      const button = must(submitButtons(must(question, 'a question card'))[0]);
      await server.close();

      server = await startTeamsTestServer({ env, storeFile: file });
      try {
        stub.clear();
        const again = await postActivity(server.url, activity);
        expect(again.status).toBe(200);
        expect(stub.posts).toHaveLength(0); // the re-sent activity is still remembered
        const press = personalPress({
          serviceUrl: stub.url,
          conversationId: 'a:restart',
          value: button.data,
        });
        expect((await postActivity(server.url, press)).status).toBe(200);
        const messages = stub.messages();
        expect(messages.length).toBeGreaterThan(0);
        expect(heard(messages)).not.toContain('out of date');
        validCards(messages);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A store that can be switched off (every call then fails like an unreachable database) or slowed down. */
function switchableStore(inner: ConversationStore): ConversationStore & { down: boolean; delayMs: number } {
  const wrap = {
    down: false,
    delayMs: 0,
    get: (key) => guard(() => inner.get(key)),
    put: (key, state, expected, seen) => guard(() => inner.put(key, state, expected, seen)),
    delete: (key) => guard(() => inner.delete(key)),
    firstSeen: (id, now) => guard(() => inner.firstSeen(id, now)),
    forgetSeen: (id) => guard(() => inner.forgetSeen(id)),
    seenTurn: (id) => guard(() => inner.seenTurn(id)),
    markDelivered: (id) => guard(() => inner.markDelivered(id)),
    purge: (cutoff) => guard(() => inner.purge(cutoff)),
    ping: () => guard(() => inner.ping()),
    ready: () => guard(() => inner.ready()),
    close: () => inner.close(),
  } as ConversationStore & { down: boolean; delayMs: number };
  async function guard<T>(fn: () => Promise<T>): Promise<T> {
    if (wrap.delayMs) await new Promise((resolve) => setTimeout(resolve, wrap.delayMs));
    if (wrap.down) throw new StoreUnavailableError('database unreachable');
    return fn();
  }
  return wrap;
}

describe('typing indicator', () => {
  it('a reply the connector refuses does not make the re-sent activity answer the next question', async () => {
    const server = await startTeamsTestServer({ env: { VPN_TYPES: 'sstp' } });
    try {
      const say = (text: string, id?: string) =>
        postActivity(
          server.url,
          personalMessage({ serviceUrl: stub.url, conversationId: 'a:send-fails', text, id }),
        );
      await say('vpn not working');
      stub.failNext(1, 502);
      const first = await say('it loads', 'activity-loads');
      expect(first.status).toBe(200);
      const retry = await say('it loads', 'activity-loads');
      expect(retry.status).toBe(200);
      const state = (await server.store.get('teams:a:send-fails'))?.state;
      expect(state?.at).toBe('network');
      expect(state?.answers.map((a) => a.node)).toEqual(['internet']);
    } finally {
      stub.failNext(0);
      await server.close();
    }
  });

  it('shows "typing…" before the answer when a turn takes a while', async () => {
    const store = createSqliteStore(':memory:');
    const server = await startTeamsTestServer({ store });
    const typingShown = () => stub.posts.some((p) => p.activity.type === 'typing');
    // The turn cannot read its conversation until "typing…" has reached the user: a turn as slow as it takes.
    const read = store.get.bind(store);
    store.get = async (key) => {
      for (const deadline = Date.now() + 20_000; !typingShown() && Date.now() < deadline; )
        await new Promise((resolve) => setTimeout(resolve, 20));
      return read(key);
    };
    try {
      stub.clear();
      const res = await postActivity(
        server.url,
        personalMessage({ serviceUrl: stub.url, conversationId: 'a:slow', text: 'error 721' }),
      );
      expect(res.status).toBe(200);
      const types = stub.posts.map((p) => p.activity.type);
      expect(types[0]).toBe('typing');
      expect(types.slice(types.indexOf('message')).every((t) => t === 'message')).toBe(true);
      expect(heard(stub.messages())).toContain('721');
    } finally {
      await server.close();
    }
  });
});

describe('store outage', () => {
  it('tells the user to try again, answers 5xx for a retry, and stays up', async () => {
    const store = switchableStore(createSqliteStore(':memory:'));
    const server = await startTeamsTestServer({ store });
    try {
      store.down = true;
      stub.clear();
      const activity = personalMessage({
        serviceUrl: stub.url,
        conversationId: 'a:outage',
        text: 'error 721',
      });
      const res = await postActivity(server.url, activity);
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(res.status).toBeLessThan(600);
      expect(stub.messages().map((m) => m.activity.text)).toEqual([server.bot.unavailableText()]);

      store.down = false;
      stub.clear();
      const retry = await postActivity(server.url, activity);
      expect(retry.status).toBe(200);
      expect(heard(stub.messages())).toContain('721');
    } finally {
      await server.close();
    }
  });

  it('still answers 5xx when even the "try again" text cannot be delivered', async () => {
    const store = switchableStore(createSqliteStore(':memory:'));
    const server = await startTeamsTestServer({ store });
    try {
      store.down = true;
      stub.clear();
      stub.failNext(1, 400);
      const res = await postActivity(
        server.url,
        personalMessage({ serviceUrl: stub.url, conversationId: 'a:outage-2', text: 'hello' }),
      );
      expect(res.status).toBe(503);
      store.down = false;
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      stub.failNext(0);
      await server.close();
    }
  });
});
