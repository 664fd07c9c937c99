// Teams with an app id, end to end on this machine: a Bot Framework token signed by a key the (local) OpenID metadata
// publishes is accepted and the bot answers through the connector with a token of its own; a token that is wrong in
// any one way (audience, issuer, expiry, no signature, serviceUrl) is refused with 401 and changes nothing.
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppCredentials, PasswordServiceClientCredentialFactory } from 'botframework-connector';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBot } from '../src/app/compose.ts';
import { createLogger } from '../src/app/logger.ts';
import { settingsOf } from '../src/channels/channel.ts';
import { createTeamsChannel } from '../src/channels/teams/teams-channel.ts';
import { teamsModule } from '../src/channels/teams/teams-module.ts';
import { loadConfig } from '../src/config.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { type ConnectorStub, startConnectorStub } from './helpers/connector-stub.ts';
import { personalMessage, postActivity } from './helpers/teams-activity.ts';
import { heard } from './helpers/teams-cards.ts';

/** A fresh app id per run: botframework-connector caches tokens per app id for the whole process. */
const APP_ID = randomUUID();
const APP_PASSWORD = 'app-password-for-tests';
const CHANNEL_ISSUER = 'https://api.botframework.com';
const KID = 'local-signing-key';
const BOT_SCOPE = 'https://api.botframework.com/.default';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A JWT with `claims` over the usual ones (Bot Framework issuer, our audience, valid now), RS256-signed by our key. */
function token(claims: Record<string, unknown>, opts: { alg?: 'RS256' | 'none' } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const alg = opts.alg ?? 'RS256';
  const head = b64({ alg, typ: 'JWT', kid: KID });
  const body = b64({
    iss: CHANNEL_ISSUER,
    aud: APP_ID,
    nbf: now - 60,
    iat: now - 60,
    exp: now + 3600,
    ...claims,
  });
  if (alg === 'none') return `${head}.${body}.`;
  return `${head}.${body}.${createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey).toString('base64url')}`;
}

/** Starts a plain HTTP server on 127.0.0.1 and returns its origin. */
async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * Microsoft's side, on this machine: the OpenID metadata and keys the bot checks tokens against (publishing our key,
 * endorsed for msteams), and the token endpoint the bot gets its own reply tokens from (client credentials).
 */
async function startIdentityProvider() {
  const tokenRequests: Record<string, string>[] = [];
  const issued = `bot-reply-token-${randomUUID()}`;
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', endorsements: ['msteams'] };
  const server = createServer((req, res) => {
    const json = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/keys') return json({ keys: [jwk] });
    if (req.url === '/.well-known/openidconfiguration')
      return json({ issuer: CHANNEL_ISSUER, jwks_uri: `${origin}/keys` });
    if (req.method === 'POST' && req.url === '/token') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        tokenRequests.push(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
        json({ token_type: 'Bearer', access_token: issued, expires_in: 3600 });
      });
      return;
    }
    res.writeHead(404).end();
  });
  const origin = await listen(server);
  return {
    metadataUrl: `${origin}/.well-known/openidconfiguration`,
    tokenUrl: `${origin}/token`,
    tokenRequests,
    issued,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The bot's own credentials, fetched by client credentials from `tokenUrl` (Microsoft's login, stood in for). */
class LocalTokenCredentials extends AppCredentials {
  constructor(
    appId: string,
    private readonly password: string,
    scope: string | undefined,
    private readonly tokenUrl: string,
  ) {
    super(appId, undefined, scope);
  }

  override async refreshToken() {
    const res = await fetch(this.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.appId,
        client_secret: this.password,
        scope: `${this.oAuthScope}/.default`,
      }),
    });
    const answer = (await res.json()) as { access_token: string; expires_in: number };
    return { accessToken: answer.access_token, expiresOn: new Date(Date.now() + answer.expires_in * 1000) };
  }
}

/** botbuilder's password credentials, except that tokens come from the local token endpoint. */
class LocalCredentialsFactory extends PasswordServiceClientCredentialFactory {
  constructor(private readonly tokenUrl: string) {
    super(APP_ID, APP_PASSWORD);
  }

  override async createCredentials(appId: string, audience: string | undefined) {
    if (!(await this.isValidAppId(appId))) throw new Error('Invalid appId.');
    return new LocalTokenCredentials(appId, APP_PASSWORD, audience, this.tokenUrl);
  }
}

let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
let stub: ConnectorStub;
let bot: ReturnType<typeof composeBot>;
let http: Server;
let url: string;

beforeAll(async () => {
  idp = await startIdentityProvider();
  stub = await startConnectorStub();
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: APP_PASSWORD,
    ToBotFromChannelOpenIdMetadataUrl: idp.metadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: idp.metadataUrl,
  });
  bot = composeBot(config, { store: createSqliteStore(':memory:') });
  const settings = settingsOf(config, teamsModule);
  if (!settings) throw new Error('the Teams channel did not turn on');
  const teams = createTeamsChannel({
    settings,
    production: config.production,
    bot: bot.bot,
    store: bot.store,
    log: createLogger('silent'),
    credentials: new LocalCredentialsFactory(idp.tokenUrl),
  });
  const app = express();
  app.use(teams.router);
  http = createServer(app);
  url = await listen(http);
});
afterAll(async () => {
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  await bot?.close();
  await stub?.close();
  await idp?.close();
});

let n = 0;
/** A 1:1 message "error 721" in a fresh chat, posted with `authorization`. */
async function send(authorization: (serviceUrl: string) => string) {
  const conversationId = `a:valid-token-${++n}`;
  const activity = personalMessage({ serviceUrl: stub.url, conversationId, text: 'error 721' });
  stub.clear();
  const res = await postActivity(url, activity, { authorization: authorization(stub.url) });
  return { res, key: `teams:${conversationId}`, activity };
}

describe('a valid Bot Framework token', () => {
  it('is accepted: the bot answers through the connector, with a reply token from the token endpoint', async () => {
    const { res, key } = await send((serviceUrl) => `Bearer ${token({ serviceurl: serviceUrl })}`);
    expect(res.status).toBe(200);
    const replies = stub.messages();
    expect(heard(replies)).toContain('721');
    expect(replies.map((p) => p.authorization)).toEqual(replies.map(() => `Bearer ${idp.issued}`));
    expect(idp.tokenRequests).toEqual([
      { grant_type: 'client_credentials', client_id: APP_ID, client_secret: APP_PASSWORD, scope: BOT_SCOPE },
    ]);
    expect((await bot.store.get(key))?.state.codes).toEqual([721]);
  });
});

describe('a token wrong in one way is refused with 401, and nothing is answered or kept', () => {
  const now = () => Math.floor(Date.now() / 1000);
  it.each<[string, (serviceUrl: string) => string]>([
    ['for another bot (audience)', (s) => `Bearer ${token({ serviceurl: s, aud: randomUUID() })}`],
    ['from another issuer', (s) => `Bearer ${token({ serviceurl: s, iss: 'https://sts.example.com/' })}`],
    [
      'expired an hour ago',
      (s) => `Bearer ${token({ serviceurl: s, nbf: now() - 7200, exp: now() - 3600 })}`,
    ],
    ['unsigned (alg none)', (s) => `Bearer ${token({ serviceurl: s }, { alg: 'none' })}`],
    [
      'for another serviceUrl',
      () => `Bearer ${token({ serviceurl: 'https://smba.trafficmanager.net/amer/' })}`,
    ],
  ])('%s', async (_what, authorization) => {
    const { res, key, activity } = await send(authorization);
    expect(res.status).toBe(401);
    expect(stub.posts).toEqual([]);
    expect(await bot.store.get(key)).toBeUndefined();
    expect(await bot.store.firstSeen(`${key}#${activity.id}`, Date.now())).toBe(true);
  });
});
