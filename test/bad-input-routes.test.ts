// Hostile and malformed requests to the web chat, the agent console, health and unknown routes, over real HTTP:
// never a 5xx or a stack trace, the server stays up, and nothing a refused request sent is kept.
// The Slack, SMS and Bot Framework rows are in bad-input-slack-sms.test.ts and bad-input-bot-framework.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { type AllRoutesServer, CONSOLE_TOKEN, startAllRoutesServer } from './helpers/all-routes-server.ts';
import { type AnswerClass, expectAnswer, type HostileRow, named, send } from './helpers/hostile-request.ts';

const s: AllRoutesServer = await startAllRoutesServer();
afterAll(() => s.stop());

type More = Partial<HostileRow>;
const JSON_TYPE = { 'content-type': 'application/json' };
const AGENT = { authorization: `Bearer ${CONSOLE_TOKEN}`, ...JSON_TYPE };
const REPLIES = /"replies":\[\{/;
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const typeIs = (type: string) => ({ headers: { 'content-type': type } });
let n = 0;
/** A fresh conversation for a turn the bot should answer. */
const fresh = () => `hostile-web-${String(++n).padStart(4, '0')}`;
/** Well-formed conversation ids only refused requests use (one each, so no conversation's budget runs out). */
const refusedIds: string[] = [];
const refused = () => {
  const id = `refused-web-${String(++n).padStart(4, '0')}`;
  refusedIds.push(id);
  return id;
};

/** Any request: what the caller does, method, path, the class of answer, and the rest of the row. */
const req = (
  say: string,
  method: string,
  path: string,
  answer: AnswerClass,
  more: More = {},
): HostileRow => ({
  say,
  method,
  path,
  answer,
  ...more,
});
/** A JSON turn; a plain object body is sent for a refused conversation unless it names one. */
function turn(say: string, body: unknown, answer: AnswerClass, more: More = {}): HostileRow {
  const plain = typeof body === 'object' && body !== null && !Buffer.isBuffer(body) && !Array.isArray(body);
  const sent = plain ? { conversationId: refused(), ...body } : body;
  return req(say, 'POST', '/web/api/turn', answer, { headers: JSON_TYPE, body: sent, ...more });
}
/** A turn written out as JSON text after a refused conversation id. */
const raw = (say: string, fields: string, more: More = {}) =>
  turn(say, `{"conversationId":"${refused()}",${fields}}`, '4xx', more);
/** The user types `text` in a fresh conversation and gets the bot's replies. */
const typed = (say: string, text: string, more: More = {}) =>
  turn(say, { conversationId: fresh(), text }, '2xx', { says: REPLIES, ...more });
const picture = (say: string, query: string, body: unknown, answer: AnswerClass, more: More = {}) =>
  req(say, 'POST', `/web/api/picture${query}`, answer, { ...typeIs('image/png'), body, ...more });
const inbox = (say: string, query: string, answer: AnswerClass, more: More = {}) =>
  req(say, 'GET', `/web/api/inbox${query}`, answer, more);
/** A console API call with the token (`more.headers` replaces it). */
const agent = (
  say: string,
  method: string,
  path: string,
  body: unknown,
  answer: AnswerClass,
  more: More = {},
) => req(say, method, `/agent/api${path}`, answer, { headers: AGENT, body, ...more });
const claim = (say: string, body: unknown, more: More = {}) =>
  agent(say, 'POST', '/cases/c1/claim', body, '4xx', more);

const OWN_CARD =
  '{"type":"AdaptiveCard","body":[{"type":"Image","url":"https://evil.example/x.png"}],' +
  '"actions":[{"type":"Action.OpenUrl","url":"https://evil.example"}]}';
// biome-ignore lint/suspicious/noTemplateCurlyInString: template expressions a user might type
const TEMPLATES = '${evil} {{DATE(x)}} ${$root}';
const NOT_UTF8 = Buffer.concat([
  Buffer.from(`{"conversationId":"${fresh()}","text":"error 721 `),
  Buffer.from([0xff, 0xfe, 0xc3]),
  Buffer.from('"}'),
]);
const FORGED_PRESS = { vpnbot: { type: 'choice', node: 'nope', choice: 'x', turn: 99 } };

const webChat: HostileRow[] = [
  typed('the user types markup', '<script>alert(1)</script>', { never: /<script/i }),
  typed('the user types an image tag', '<img src=x onerror=alert(1)> error 721', { never: /<img|onerror/i }),
  typed('the user types an Adaptive Card of their own', OWN_CARD, { never: /"url":"https:\/\/evil/ }),
  typed('the user types a javascript: link', '[it](javascript:alert(1)) error 721', {
    never: /\]\(javascript:/,
  }),
  typed('the user types card template expressions', TEMPLATES, { never: /\$\{evil|\{\{DATE|\$\{\$root/ }),
  typed('the user types NUL bytes around a code', 'error\u0000 721\u0000', { says: /GRE/ }),
  typed('the user types only control characters', '\u0000\u0001\u0007\u001b[31m'),
  typed('the user types right-to-left overrides', '\u202eerror\u200d 721\u2066'),
  typed('the user types 15 kB (just under the limit)', `error 721 ${'a'.repeat(15_000)}`, { says: /GRE/ }),
  turn('the page sends lone surrogates', `{"conversationId":"${fresh()}","text":"\\ud800 \\udfff"}`, '2xx'),
  turn('the page sends bytes that are not UTF-8 in the text', NOT_UTF8, '2xx', { says: REPLIES }),
  turn('the page sends a JSON BOM first', `\ufeff{"conversationId":"${fresh()}","welcome":true}`, '2xx'),
  typed('an X-Request-Id of another shape', 'hi', {
    headers: { ...JSON_TYPE, 'x-request-id': '../%00<script>' },
  }),
  turn('a press the bot never offered', { conversationId: fresh(), action: FORGED_PRESS }, '2xx', {
    says: /out of date/,
  }),
  turn('the text is an object', { text: { toString: 'error 721' } }, '4xx', { says: /must be a string/ }),
  turn('the text is a list', { text: ['error 721'] }, '4xx'),
  turn('the text is a number', { text: 721 }, '4xx'),
  turn('the text is null', { text: null }, '4xx'),
  turn('the text is 20 kB', { text: 'x'.repeat(20_000) }, '4xx', { says: /too large/ }),
  turn('the body is 2 MB', { text: 'x'.repeat(2_000_000) }, '4xx', { says: /too large/ }),
  raw('the text is nested 8,000 lists deep', `"text":${nested(8000)}`),
  turn('the whole body is nested 8,000 lists deep', nested(8000), '4xx'),
  raw('__proto__ smuggles a text', '"__proto__":{"text":"error 721"}'),
  raw('constructor.prototype is set', '"constructor":{"prototype":{"text":"x","polluted":true}}'),
  raw('the button data sets __proto__', '"action":{"__proto__":{"vpnbot":{}},"polluted":true}'),
  turn('the button data is a string', { action: 'press' }, '4xx'),
  turn('welcome is "yes"', { welcome: 'yes' }, '4xx'),
  turn('text and welcome at once', { text: 'hi', welcome: true }, '4xx'),
  turn('nothing to say', {}, '4xx'),
  turn('no conversation id', '{"text":"hi"}', '4xx'),
  turn('the conversation id climbs out', { conversationId: '../../etc/passwd', text: 'hi' }, '4xx'),
  turn('the conversation id holds a NUL byte', { conversationId: 'abcdefgh\u0000ijk', text: 'hi' }, '4xx'),
  turn('the conversation id is markup', { conversationId: '<script>x</script>' }, '4xx', {
    never: /<script/,
  }),
  turn('the conversation id is an object', { conversationId: { $ne: null }, text: 'hi' }, '4xx'),
  turn('the conversation id is 10,000 characters', { conversationId: 'a'.repeat(10_000), text: 'hi' }, '4xx'),
  turn('the body is JSON null', 'null', '4xx'),
  turn('the body is a bare string', '"error 721"', '4xx'),
  turn('the body is a list', [refused(), 'hi'], '4xx'),
  turn('the body is empty', '', '4xx'),
  turn('the JSON stops halfway', `{"conversationId":"${refused()}","text":`, '4xx', {
    says: /not valid JSON/,
  }),
  turn('the JSON is not UTF-8 at all', Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]), '4xx'),
  turn('the body says it is UTF-16', { text: 'hi' }, '4xx', typeIs('application/json; charset=utf-16')),
  turn(
    'the body names a made-up charset',
    { text: 'hi' },
    '4xx',
    typeIs('application/json; charset=klingon'),
  ),
  turn(
    'the body is a form',
    `conversationId=${refused()}&text=hi`,
    '4xx',
    typeIs('application/x-www-form-urlencoded'),
  ),
  turn('the body is plain text', 'error 721', '4xx', typeIs('text/plain')),
  turn('the body has no content type', { text: 'hi' }, '4xx', { headers: {} }),
  turn('the body says gzip but is not', 'not gzip', '4xx', {
    headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
  }),
  turn('the body names a made-up encoding', '{}', '4xx', {
    headers: { ...JSON_TYPE, 'content-encoding': 'zz' },
  }),
  req('a GET of the turn API', 'GET', '/web/api/turn', '4xx', { says: /use POST/ }),
  turn('a PUT of the turn API', { text: 'hi' }, '4xx', { method: 'PUT' }),
  req('a DELETE of the turn API', 'DELETE', '/web/api/turn', '4xx'),
  picture('a picture without a conversation id', '', 'png', '4xx'),
  picture('a picture for an id with a NUL byte', '?conversationId=abcdefgh%00ijk', 'png', '4xx'),
  picture('a picture for two ids', `?conversationId=${refused()}&conversationId=${refused()}`, 'png', '4xx'),
  picture('a 6 MB picture', `?conversationId=${refused()}`, Buffer.alloc(6_000_000, 1), '4xx', {
    says: /large/,
  }),
  picture(
    'a "picture" that is markup',
    `?conversationId=${fresh()}`,
    '<svg onload="x"><script/></svg>',
    '2xx',
    {
      ...typeIs('image/svg+xml'),
      says: REPLIES,
      never: /<svg|<script/,
    },
  ),
  picture('an empty picture', `?conversationId=${fresh()}`, '', '2xx', { says: REPLIES }),
  req('a GET of the picture path', 'GET', `/web/api/picture?conversationId=${refused()}`, '4xx'),
  inbox('an inbox poll without parameters', '', '4xx'),
  inbox('an inbox poll after message -1', `?conversationId=${refused()}&after=-1`, '4xx'),
  inbox('an inbox poll after "abc"', `?conversationId=${refused()}&after=abc`, '4xx'),
  inbox('an inbox poll after 1e400', `?conversationId=${refused()}&after=1e400`, '4xx'),
  inbox('an inbox poll naming __proto__', '?conversationId[__proto__]=x&__proto__[a]=1', '4xx'),
  inbox('an inbox poll with a NUL in the id', '?conversationId=abcdefgh%00ijk', '4xx'),
  inbox('an inbox poll with broken percent-encoding', '?conversationId=%E0%A4%A&after=%ZZ', '4xx'),
  inbox('an inbox poll with nothing waiting', `?conversationId=${fresh()}&after=0`, '2xx', {
    says: /"messages":\[\]/,
  }),
  req('a POST to the inbox', 'POST', '/web/api/inbox', '4xx', { headers: JSON_TYPE, body: {} }),
];

const BASIC = `Basic ${Buffer.from(`agent:${CONSOLE_TOKEN}`).toString('base64')}`;

const agentConsole: HostileRow[] = [
  agent('no token at all', 'GET', '/cases', undefined, '4xx', { headers: {} }),
  agent('a wrong token', 'GET', '/cases', undefined, '4xx', { headers: { authorization: 'Bearer guess' } }),
  agent('the token as Basic auth', 'GET', '/cases', undefined, '4xx', { headers: { authorization: BASIC } }),
  agent('the token with a suffix', 'GET', '/cases', undefined, '4xx', {
    headers: { authorization: `Bearer ${CONSOLE_TOKEN}%00` },
  }),
  claim('a claim without a token', { agent: 'Mallory' }, { headers: JSON_TYPE }),
  agent('the queue, with the token', 'GET', '/cases', undefined, '2xx', { says: /"cases":/ }),
  agent('insights for "abc" days', 'GET', '/insights?days=abc', undefined, '2xx'),
  agent('insights for -5 days', 'GET', '/insights?days=-5', undefined, '2xx'),
  agent('insights for 1e309 days', 'GET', '/insights?days=1e309', undefined, '2xx'),
  agent('insights for two values of days', 'GET', '/insights?days=1&days=2', undefined, '2xx'),
  agent('a claim of a case that does not exist', 'POST', '/cases/nope/claim', { agent: 'Ann' }, '4xx'),
  claim('a claim with JSON that stops halfway', '{"agent": "Ann"', { says: /not valid JSON/ }),
  claim('a claim with a 20 kB body', { agent: 'Ann', x: 'x'.repeat(20_000) }, { says: /too large/ }),
  agent('a claim of case id %ZZ', 'POST', '/cases/%ZZ/claim', { agent: 'Ann' }, '4xx'),
  agent('a claim of a case id climbing out', 'POST', '/cases/..%2F..%2Fetc/claim', { agent: 'Ann' }, '4xx'),
  agent('a claim of a case id with a NUL byte', 'POST', '/cases/c1%00x/claim', { agent: 'Ann' }, '4xx'),
  claim('a claim as "<script>"', { agent: '<script>alert(1)</script>' }, { never: /<script/ }),
  claim('a claim naming an object', { agent: { name: 'Ann' } }),
  claim('a claim naming no one', {}),
  claim('a claim smuggling the agent in __proto__', '{"__proto__":{"agent":"Ann"}}'),
  claim('a claim sent as plain text', 'agent=Ann', { headers: { ...AGENT, 'content-type': 'text/plain' } }),
  claim('a claim nested 5,000 lists deep', nested(5000)),
  agent('a message whose text is an object', 'POST', '/cases/c1/messages', { agent: 'A', text: {} }, '4xx'),
  agent(
    'a message of markup and NUL bytes',
    'POST',
    '/cases/c1/messages',
    { agent: 'A', text: '<b>\0' },
    '4xx',
  ),
  agent(
    'a close note of 20 kB',
    'POST',
    '/cases/c1/close',
    { agent: 'Ann', note: 'n'.repeat(20_000) },
    '4xx',
  ),
  agent('a hand-back of a case that does not exist', 'POST', '/cases/c1/return', { agent: 'Ann' }, '4xx'),
  agent('a DELETE of the queue', 'DELETE', '/cases', undefined, '4xx'),
  agent('an API path that does not exist', 'GET', '/admin', undefined, '4xx'),
  req('the console page', 'GET', '/agent', '2xx', { says: /<html/i }),
  req('a console file outside its folder', 'GET', '/agent/static/%2e%2e%2f%2e%2e%2fpackage.json', '4xx', {
    never: /devDependencies/,
  }),
];

const elsewhere: HostileRow[] = [
  req('a health check', 'GET', '/healthz', '2xx', { says: /"status":"ok"/ }),
  req('a HEAD of the health check', 'HEAD', '/healthz', '2xx'),
  req('a POST to the health check', 'POST', '/healthz', '4xx', { headers: JSON_TYPE, body: {} }),
  req('a health check with broken percent-encoding', 'GET', '/healthz?x=%ZZ', '2xx'),
  req('the chat page', 'GET', '/', '2xx', { says: /<html/i }),
  req('OPTIONS on the chat page', 'OPTIONS', '/', '2xx'),
  req('TRACE on the chat page', 'TRACE', '/', '4xx'),
  req('a made-up method', 'BREW', '/', '4xx'),
  req('a path that does not exist', 'GET', '/wp-admin/setup-config.php', '4xx'),
  req('a path with broken percent-encoding', 'GET', '/%ZZ/%E0%A4%A', '4xx'),
  req('a path with a NUL byte', 'GET', '/web/static/%00.js', '4xx'),
  req('a static path climbing out', 'GET', '/web/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd', '4xx', {
    never: /root:/,
  }),
  req('a path of 6,000 characters', 'GET', `/${'a/'.repeat(3000)}`, '4xx'),
  req('a header of 20 kB', 'GET', '/healthz', '4xx', { headers: { 'x-junk': 'j'.repeat(20_000) } }),
  req('bad JSON to a path that does not exist', 'POST', '/api/admin', '4xx', {
    headers: JSON_TYPE,
    body: '{x',
  }),
];

describe('every hostile request gets a polite 2xx or a 4xx, never a 5xx or internals', () => {
  it.concurrent.each(named([...webChat, ...agentConsole, ...elsewhere]))('%s', async (_name, row) => {
    expectAnswer(row, await send(s.url, row));
  });
});

describe('afterwards', () => {
  it('the server still answers a normal turn and its health check', async () => {
    const row = typed('a normal turn', 'error 721', { says: /GRE/ });
    expectAnswer(row, await send(s.url, row));
    expect((await send(s.url, req('health', 'GET', '/healthz', '2xx'))).status).toBe(200);
  });

  it('nothing a refused request sent was kept, and no prototype was polluted', async () => {
    for (const id of refusedIds) expect(await s.composed.store.get(`web:${id}`)).toBeUndefined();
    expect(await s.composed.handoffs.list()).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
