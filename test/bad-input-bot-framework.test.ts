// Hostile and malformed requests to the Bot Framework endpoint /api/messages, over real HTTP: in local mode, with an
// app id (every request unauthenticated or forged), and on PostgreSQL. Never a 5xx or internals, the server stays
// up, refused activities change nothing, and typed markup never reaches the user as markup.
import { afterAll, describe, expect, it } from 'vitest';
import { type AllRoutesServer, startAllRoutesServer } from './helpers/all-routes-server.ts';
import { forgedToken, startKeyEndpoint } from './helpers/bot-framework-keys.ts';
import { type AnswerClass, expectAnswer, type HostileRow, named, send } from './helpers/hostile-request.ts';
import { createPgTestDb } from './helpers/pg-test-db.ts';
import { extensionQuery, personalMessage, personalPress } from './helpers/teams-activity.ts';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const [keys, db] = await Promise.all([startKeyEndpoint(), createPgTestDb()]);
const [local, withAppId, onPg] = await Promise.all([
  startAllRoutesServer(),
  startAllRoutesServer({
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'secret',
    ToBotFromChannelOpenIdMetadataUrl: keys.url,
    ToBotFromEmulatorOpenIdMetadataUrl: keys.url,
  }),
  startAllRoutesServer({ DATABASE_URL: db.url() }),
]);
afterAll(async () => {
  await Promise.all([local.stop(), withAppId.stop(), onPg.stop()]);
  await Promise.all([keys.close(), db.drop()]);
});

type Json = Record<string, unknown>;
const JSON_TYPE = { 'content-type': 'application/json' };
/** The conversation only refused activities use: nothing may be kept for it or sent to it. */
const REFUSED = 'a:refused';
let n = 0;

/** An activity posted to /api/messages as JSON (a string or bytes as they are). */
const post = (
  say: string,
  body: unknown,
  answer: AnswerClass,
  more: Partial<HostileRow> = {},
): HostileRow => ({
  say,
  method: 'POST',
  path: '/api/messages',
  headers: JSON_TYPE,
  body,
  answer,
  ...more,
});
/** A 1:1 message from the user on `server`, in its own conversation unless `fields` names one; `fields` override. */
const message = (server: AllRoutesServer, text: string, fields: Json = {}): Json => ({
  ...personalMessage({ serviceUrl: server.connector.url, conversationId: `a:hostile-${++n}`, text }),
  ...fields,
});
const refused = (server: AllRoutesServer, fields: Json): Json =>
  message(server, 'talk to a person', {
    conversation: { id: REFUSED, conversationType: 'personal' },
    ...fields,
  });
const invoke = (name: string, value: unknown): Json => ({
  ...extensionQuery({ serviceUrl: local.connector.url, text: 'x' }),
  name,
  value,
});
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const OWN_CARD = JSON.stringify({
  type: 'AdaptiveCard',
  body: [{ type: 'Image', url: 'https://evil.example/x.png' }],
  actions: [{ type: 'Action.OpenUrl', url: 'https://evil.example' }],
});
const picture = (url: string) => [{ contentType: 'image/png', contentUrl: url, name: 'error.png' }];

const localMode: HostileRow[] = [
  post('JSON that stops halfway', '{"type":"message","text":', '4xx'),
  post('an empty body', '', '4xx'),
  post('a JSON list', '[{"type":"message"}]', '4xx'),
  post('JSON null', 'null', '4xx'),
  post('JSON nested 100,000 deep', nested(100_000), '4xx'),
  post('a 2 MB activity', refused(local, { text: 'x'.repeat(2_000_000) }), '4xx'),
  post('bytes that are not UTF-8', Buffer.from('7b2274797065223a22ff6d657373616765227d', 'hex'), '4xx'),
  post('an activity without a type', refused(local, { type: undefined }), '4xx'),
  post('a type that is a number', refused(local, { type: 7 }), '4xx'),
  post('an empty type', refused(local, { type: '' }), '4xx'),
  post('a body that says gzip but is not', 'not gzip', '4xx', {
    headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
  }),
  post('the text is an object', refused(local, { text: { toString: 'error 721' } }), '4xx', {
    says: /wrong type/,
  }),
  post('the text is a list', refused(local, { text: ['error 721'] }), '4xx'),
  post('the text is a number', refused(local, { text: 721 }), '4xx'),
  post('the conversation is a string', refused(local, { conversation: REFUSED }), '4xx'),
  post('the sender is a list', refused(local, { from: ['29:x'] }), '4xx'),
  post('attachments that are not a list', refused(local, { attachments: { contentUrl: 'x' } }), '4xx'),
  post('an entity that is a number', refused(local, { entities: [1] }), '4xx'),
  post(
    'members added that are an object',
    refused(local, { type: 'conversationUpdate', membersAdded: {} }),
    '4xx',
  ),
  post('a serviceUrl on the internet', refused(local, { serviceUrl: 'https://evil.example/' }), '4xx'),
  post('a serviceUrl that is a number', refused(local, { serviceUrl: 3978 }), '4xx'),
  post('a javascript: serviceUrl', refused(local, { serviceUrl: 'javascript:alert(1)' }), '4xx'),
  post('an activity with no conversation', message(local, 'error 721', { conversation: undefined }), '2xx'),
  post(
    'a conversation id of 10,000 characters',
    message(local, 'hi', { conversation: { id: 'a'.repeat(10_000) } }),
    '2xx',
  ),
  post('a channel id of 100 characters', message(local, 'hi', { channelId: 'c'.repeat(100) }), '2xx'),
  post('no sender', message(local, 'error 721', { from: undefined }), '2xx'),
  post(
    'a sender id with a NUL byte',
    message(local, 'error 721', { from: { id: '29:\u0000x' } }),
    '2xx or 4xx',
  ),
  post('an activity id with a NUL byte', message(local, 'error 721', { id: 'f:\u0000' }), '2xx or 4xx'),
  post(
    'a conversation id with a NUL byte',
    message(local, 'hi', { conversation: { id: 'a:\u0000nul' } }),
    '2xx or 4xx',
  ),
  post('NUL bytes in the text', message(local, 'error\u0000 721\u0000'), '2xx'),
  post('a text of 200 kB', message(local, `error 721 ${'a'.repeat(200_000)}`), '2xx'),
  post('markup in the text', message(local, '<script>alert(1)</script> <at>VPN Bot</at>'), '2xx'),
  post('an Adaptive Card typed as text', message(local, OWN_CARD), '2xx'),
  post(
    'a javascript: link typed as text',
    message(local, '[reset it](javascript:alert(1)) error 721'),
    '2xx',
  ),
  post(
    '__proto__ at the top of the activity',
    `{"__proto__":{"polluted":1},${JSON.stringify(message(local, 'hi')).slice(1)}`,
    '2xx',
  ),
  post(
    'channel data nested 10,000 lists deep',
    `${JSON.stringify(message(local, 'error 721')).slice(0, -1)},"channelData":{"deep":${nested(10_000)}}}`,
    '2xx',
  ),
  post(
    'channel data that is a list',
    `${JSON.stringify(refused(local, {})).slice(0, -1)},"channelData":${nested(10)}}`,
    '4xx',
  ),
  post('a picture at a file: URL', message(local, '', { attachments: picture('file:///etc/passwd') }), '2xx'),
  post(
    'a picture at the cloud metadata address',
    message(local, '', { attachments: picture('http://169.254.169.254/') }),
    '2xx',
  ),
  post(
    'a press of a button the bot never offered',
    personalPress({
      serviceUrl: local.connector.url,
      conversationId: `a:hostile-${++n}`,
      value: { vpnbot: { type: 'choice', node: 'x', choice: 'y', turn: 9 } },
    }),
    '2xx',
  ),
  post(
    'a press whose data sets __proto__',
    personalPress({
      serviceUrl: local.connector.url,
      conversationId: `a:hostile-${++n}`,
      value: JSON.parse('{"__proto__":{"polluted":1},"vpnbot":{}}'),
    }),
    '2xx',
  ),
  post('a type Teams never sends', message(local, 'hi', { type: 'nonsense' }), '2xx'),
  post('a typing indicator', message(local, '', { type: 'typing' }), '2xx'),
  post(
    'a reaction',
    message(local, '', { type: 'messageReaction', reactionsAdded: [{ type: 'like' }] }),
    '2xx',
  ),
  post('an end of conversation', message(local, '', { type: 'endOfConversation' }), '2xx'),
  post('an install update', message(local, '', { type: 'installationUpdate', action: 'add' }), '2xx'),
  post('a search whose value is a string', invoke('composeExtension/query', 'vpncode 721'), '2xx'),
  post(
    'a search whose parameters are an object',
    invoke('composeExtension/query', { parameters: { query: 1 } }),
    '2xx',
  ),
  post(
    'a search for an unknown command',
    invoke('composeExtension/query', { commandId: '<script>', parameters: [] }),
    '2xx',
  ),
  post(
    'a card action with forged data',
    invoke('adaptiveCard/action', {
      action: { type: 'Action.Execute', verb: 'claim', data: { caseId: '../x' } },
    }),
    '4xx',
  ),
  post('an invoke the bot does not know', invoke('task/fetch', { data: { __proto__: {} } }), '4xx'),
  post('an invoke without a name', invoke('', {}), '4xx'),
  post('a valid activity sent as text/plain', message(local, 'error 721'), '2xx', {
    headers: { 'content-type': 'text/plain' },
  }),
  { say: 'a GET of the endpoint', method: 'GET', path: '/api/messages', answer: '4xx' },
  {
    say: 'a PUT of the endpoint',
    method: 'PUT',
    path: '/api/messages',
    headers: JSON_TYPE,
    body: '{}',
    answer: '4xx',
  },
];

const bearer = (token: string) => ({ ...JSON_TYPE, authorization: `Bearer ${token}` });
const NONE = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(`{"aud":"${APP_ID}"}`).toString('base64url')}.`;

const appId: HostileRow[] = [
  post('a message without a token', refused(withAppId, {}), '4xx'),
  post('a token that is not a JWT', refused(withAppId, {}), '4xx', { headers: bearer('not-a-jwt') }),
  post('Basic auth', refused(withAppId, {}), '4xx', {
    headers: { ...JSON_TYPE, authorization: 'Basic dTpw' },
  }),
  post('a token signed with another key', refused(withAppId, {}), '4xx', {
    headers: bearer(forgedToken(APP_ID)),
  }),
  post('an unsigned token (alg none)', refused(withAppId, {}), '4xx', { headers: bearer(NONE) }),
  post('a forged token on a forged invoke', invoke('task/fetch', {}), '4xx', {
    headers: bearer(forgedToken(APP_ID)),
  }),
  post('no token, a remote serviceUrl', refused(withAppId, { serviceUrl: 'https://evil.example/' }), '4xx'),
  post(
    'no token, a NUL in the conversation id',
    refused(withAppId, { conversation: { id: 'a:\u0000' } }),
    '4xx',
  ),
  post('no token, the text an object', refused(withAppId, { text: {} }), '4xx'),
  post('no token, JSON that stops halfway', '{"type":', '4xx'),
];

const postgres: HostileRow[] = [
  post(
    'a conversation id with a NUL byte',
    message(onPg, 'hi', { conversation: { id: 'a:\u0000pg' } }),
    '2xx or 4xx',
  ),
  post('an activity id with a NUL byte', message(onPg, 'error 721', { id: 'f:\u0000pg' }), '2xx or 4xx'),
  post('NUL bytes in the text', message(onPg, 'error\u0000 721\u0000'), '2xx'),
  post(
    'a sender id with a NUL byte',
    message(onPg, 'error 721', { from: { id: '29:\u0000pg' } }),
    '2xx or 4xx',
  ),
  post(
    'a web chat turn with NUL bytes',
    { conversationId: 'hostile-pg-0001', text: 'error\u0000 721' },
    '2xx',
    { path: '/web/api/turn' },
  ),
];

describe('every hostile activity gets a polite 2xx or a 4xx, never a 5xx or internals', () => {
  it.concurrent.each(named(localMode))('local mode: %s', async (_name, row) => {
    expectAnswer(row, await send(local.url, row));
  });
  it.concurrent.each(named(appId))('with an app id: %s', async (_name, row) => {
    expectAnswer(row, await send(withAppId.url, row));
  });
  it.concurrent.each(named(postgres))('on PostgreSQL: %s', async (_name, row) => {
    expectAnswer(row, await send(onPg.url, row));
  });
});

describe('afterwards', () => {
  it.each([
    ['local mode', () => local],
    ['PostgreSQL', () => onPg],
  ])('the server (%s) still answers a normal message', async (_what, server) => {
    const row = post('a normal message', message(server(), 'error 721'), '2xx');
    const before = server().connector.messages().length;
    expectAnswer(row, await send(server().url, row));
    expect(server().connector.messages().length).toBeGreaterThan(before);
  });

  it('refused activities kept nothing and sent nothing', async () => {
    for (const server of [local, withAppId]) {
      expect(await server.composed.store.get(`teams:${REFUSED}`)).toBeUndefined();
      expect(server.connector.posts.filter((p) => p.conversationId === REFUSED)).toEqual([]);
    }
    expect(withAppId.connector.posts).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('what people typed reached them as text: no card of theirs, no script, no javascript: link', () => {
    const sent = JSON.stringify(local.connector.messages().map((m) => m.activity));
    expect(sent).toContain('GRE');
    expect(sent).not.toMatch(/"url":"https:\/\/evil|<script|\]\(javascript:/);
  });
});
