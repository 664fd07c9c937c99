// Hostile and malformed requests to Slack's /slack/events and the SMS webhook /sms, over real HTTP: never a 5xx
// or internals, the server stays up, refused requests change nothing, and typed markup never reaches a user as markup.
import { afterAll, describe, expect, it } from 'vitest';
import {
  type AllRoutesServer,
  slackHeaders,
  smsSigned,
  startAllRoutesServer,
} from './helpers/all-routes-server.ts';
import { type AnswerClass, expectAnswer, type HostileRow, named, send } from './helpers/hostile-request.ts';
import { BOT_USER, mrkdwnStrings, TEAM } from './helpers/slack-harness.ts';
import { SMS_ENV } from './helpers/sms-server.ts';

const s: AllRoutesServer = await startAllRoutesServer();
afterAll(() => s.stop());

type More = Partial<HostileRow> & { timestamp?: number; secret?: string };
const FORM = 'application/x-www-form-urlencoded';
const now = () => Math.floor(Date.now() / 1000);
/** The Slack user and SMS number only refused requests use: nothing may be kept for them or sent to them. */
const REFUSED_USER = 'U0REFUSED';
const REFUSED_PHONE = '+15550000001';
let n = 0;

/** A request to /slack/events signed (unless `more.headers` says otherwise) with the app's signing secret. */
function slack(
  say: string,
  contentType: string,
  body: string | Buffer,
  answer: AnswerClass,
  more: More = {},
): HostileRow {
  const { timestamp, secret, ...row } = more;
  const headers = slackHeaders(contentType, body.toString(), { timestamp, secret });
  return { say, method: 'POST', path: '/slack/events', headers, body, answer, ...row };
}
const VPNCODE = { team_id: TEAM, channel_id: 'C0HELP', user_id: 'U0TECH', command: '/vpncode', text: '721' };
const command = (say: string, fields: Record<string, string>, answer: AnswerClass, more: More = {}) =>
  slack(say, FORM, new URLSearchParams({ ...VPNCODE, ...fields }).toString(), answer, more);
const event = (say: string, body: unknown, answer: AnswerClass, more: More = {}) => {
  const envelope = { team_id: TEAM, api_app_id: 'A0APP', type: 'event_callback', event_id: `EvBad${++n}` };
  const auth = { authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true }] };
  return slack(say, JSON_TYPE, JSON.stringify({ ...envelope, ...auth, event: body }), answer, more);
};
const dmOf = (text: unknown) => ({
  type: 'message',
  channel_type: 'im',
  channel: `D0BAD${++n}`,
  user: `U0BAD${n}`,
  text,
});
const dm = (say: string, text: unknown, answer: AnswerClass) =>
  event(say, { ...dmOf(text), ts: '1.2' }, answer);
const payload = (say: string, body: unknown, answer: AnswerClass, more: More = {}) =>
  slack(say, FORM, `payload=${encodeURIComponent(JSON.stringify(body))}`, answer, more);
const press = (actions: unknown[], extra: Record<string, unknown> = {}) => ({
  type: 'block_actions',
  team: { id: TEAM, domain: 'acme' },
  user: { id: 'U0PRESS', username: 'u', team_id: TEAM },
  channel: { id: 'D0PRESS' },
  container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'D0PRESS' },
  trigger_id: '1.2.3',
  actions,
  ...extra,
});
const button = (id: string, value: string) => ({
  type: 'button',
  action_id: id,
  block_id: 'b',
  value,
  action_ts: '1',
});
const COMMAND = new URLSearchParams({ ...VPNCODE, user_id: REFUSED_USER }).toString();
const JSON_TYPE = 'application/json';
const signedWith = (header: string, value: string) => ({
  headers: { ...slackHeaders(FORM, COMMAND), [header]: value },
});
const V1 = String(slackHeaders(FORM, COMMAND)['x-slack-signature']).replace('v0=', 'v1=');
const CLOSE_FORM = {
  type: 'view_submission',
  team: { id: TEAM },
  user: { id: 'U0PRESS', team_id: TEAM },
  view: {
    id: 'V1',
    callback_id: 'vpncase:close',
    private_metadata: '{"caseId":"c1"}',
    state: { values: {} },
  },
};

const slackRows: HostileRow[] = [
  slack('an unsigned command', FORM, COMMAND, '4xx', { headers: { 'content-type': FORM } }),
  slack('a command signed with another secret', FORM, COMMAND, '4xx', { secret: 'not-the-secret' }),
  slack('a signature that is not hex', FORM, COMMAND, '4xx', signedWith('x-slack-signature', 'v0=zz')),
  slack('a signature of another version', FORM, COMMAND, '4xx', signedWith('x-slack-signature', V1)),
  slack('a signed command dated 10 minutes ago', FORM, COMMAND, '4xx', { timestamp: now() - 600 }),
  slack('a signed command dated 10 minutes ahead', FORM, COMMAND, '4xx', { timestamp: now() + 600 }),
  slack(
    'a timestamp that is not a number',
    FORM,
    COMMAND,
    '4xx',
    signedWith('x-slack-request-timestamp', 'abc'),
  ),
  slack(
    'a timestamp of 20 digits',
    FORM,
    COMMAND,
    '4xx',
    signedWith('x-slack-request-timestamp', '9'.repeat(20)),
  ),
  slack('a body changed after signing', FORM, COMMAND, '4xx', { body: `${COMMAND}&text=talk+to+a+person` }),
  slack('an unsigned 2 MB body', JSON_TYPE, 'x'.repeat(2_000_000), '4xx', {
    headers: { 'content-type': JSON_TYPE },
  }),
  slack('a signed 1.1 MB body', JSON_TYPE, `{"x":"${'x'.repeat(1_100_000)}"}`, '4xx'),
  slack('signed JSON that stops halfway', JSON_TYPE, '{"type":"event_callback","event":', '4xx'),
  slack('a signed payload field that is not JSON', FORM, 'payload=%7Bbad', '4xx'),
  slack('a signed payload field that is null', FORM, 'payload=null', '4xx'),
  slack('a signed payload field that is a string', FORM, 'payload=%22press%22', '4xx'),
  slack('a signed JSON null', JSON_TYPE, 'null', '4xx'),
  slack('a signed JSON list', JSON_TYPE, '[1,2]', '4xx'),
  slack('a signed empty JSON object', JSON_TYPE, '{}', '4xx'),
  slack('signed JSON nested 5,000 deep', JSON_TYPE, `${'['.repeat(5000)}${']'.repeat(5000)}`, '4xx'),
  slack('signed plain text', 'text/plain', 'hello', '4xx'),
  slack('signed JSON that is not UTF-8', JSON_TYPE, Buffer.from('7b2278223affe07d', 'hex'), '4xx'),
  slack(
    'a URL check whose challenge is an object',
    JSON_TYPE,
    '{"type":"url_verification","challenge":{}}',
    '2xx',
  ),
  command('/vpncode with NUL bytes', { text: '721\u0000\u0000' }, '2xx', { says: /721/ }),
  command(
    '/vpncode with @channel and a disguised link',
    { text: '<!channel> *721* <https://evil.example|x>' },
    '2xx',
    {
      never: /<!channel>|<https:\/\/evil/,
    },
  ),
  command('/vpncode with 5,000 characters', { text: `721 ${'z'.repeat(5000)}` }, '2xx'),
  command('/vpncode without a user', { user_id: '' }, '2xx'),
  command('a command the app does not have', { command: '/rm-rf' }, '4xx'),
  event('an event that is null', null, '4xx'),
  event('an event without a type', { text: 'hi', user: 'U0X', channel: 'D0X' }, '2xx'),
  event('an event type the app does not listen to', { type: 'reaction_added', user: 'U0X', item: {} }, '2xx'),
  dm('a DM whose text is an object', { toString: 'x' }, '2xx'),
  dm('a DM whose text is a list', ['error 721'], '2xx'),
  dm('a DM with NUL bytes', 'error\u0000 721\u0000', '2xx'),
  dm(
    'a DM with @channel, markup and a disguised link',
    '<!channel> <script>x</script> <https://evil.example|x>',
    '2xx',
  ),
  dm('a DM of 10,000 characters', `my vpn is broken ${'a'.repeat(10_000)}`, '2xx'),
  dm('a DM setting __proto__', JSON.parse('{"__proto__":{"polluted":true}}'), '2xx'),
  payload(
    'a button press without team or user',
    { type: 'block_actions', actions: [{ action_id: 'vpnbot:x' }] },
    '4xx',
  ),
  payload(
    'a button press without a block id',
    press([{ type: 'button', action_id: 'vpnbot:x', value: '{}' }]),
    '4xx',
  ),
  payload('a press whose actions are not a list', press('all' as unknown as unknown[]), '4xx'),
  payload('a forged engine button', press([button('vpnbot:choice', '{"vpnbot":{"type":"choice"}}')]), '2xx'),
  payload(
    'an engine button setting __proto__',
    press([button('vpnbot:x', '{"__proto__":{"polluted":1}}')]),
    '2xx',
  ),
  payload(
    'a forged case button',
    press([button('vpncase:claim', '{"vpnbot":{"type":"command","arg":"c1"}}')]),
    '2xx',
  ),
  payload('a forged close-case form', CLOSE_FORM, '2xx', { says: /errors/ }),
  payload(
    'an interaction the app does not handle',
    { type: 'shortcut', team: { id: TEAM }, user: { id: 'U' } },
    '4xx',
  ),
  { say: 'a GET of the Slack endpoint', method: 'GET', path: '/slack/events', answer: '4xx' },
  { say: 'a PUT of the Slack endpoint', method: 'PUT', path: '/slack/events', answer: '4xx', body: COMMAND },
];

/** A text as the provider posts it, signed, from a number of its own unless `fields` names one. */
function sms(say: string, fields: Record<string, string>, answer: AnswerClass, more: More = {}): HostileRow {
  const from = `+1555010${String(++n).padStart(4, '0')}`;
  const params = {
    AccountSid: SMS_ENV.TWILIO_ACCOUNT_SID,
    MessageSid: `SMbad${n}`,
    From: from,
    Body: 'hi',
    ...fields,
  };
  return { say, method: 'POST', path: '/sms', ...smsSigned(params), answer, ...more };
}
const refusedSms = (say: string, more: Partial<HostileRow>) =>
  sms(say, { From: REFUSED_PHONE, Body: 'talk to a person' }, '4xx', more);
const mms = (say: string, url: string, more: Record<string, string> = {}) =>
  sms(say, { Body: '', NumMedia: '1', MediaUrl0: url, MediaContentType0: 'image/png', ...more }, '2xx', {
    says: /<Message>/,
  });
const MESSAGE = /<Message>/;
/** The row with each "%FF" of its form sent as the lone byte 0xFF, which the form parser keeps as the text "%FF". */
const notUtf8 = (row: HostileRow): HostileRow => ({
  ...row,
  body: String(row.body).replaceAll('%25FF', '%FF'),
});

const smsRows: HostileRow[] = [
  refusedSms('an unsigned text', { headers: { 'content-type': FORM } }),
  refusedSms('an empty signature', { headers: { 'content-type': FORM, 'x-twilio-signature': '' } }),
  refusedSms('a signature of garbage', {
    headers: { 'content-type': FORM, 'x-twilio-signature': 'bm90IGEg' },
  }),
  refusedSms('a 10 kB signature', {
    headers: { 'content-type': FORM, 'x-twilio-signature': 'A'.repeat(10_000) },
  }),
  refusedSms('a text signed for another path', {
    headers: smsSigned({ From: REFUSED_PHONE }, '/elsewhere').headers,
  }),
  refusedSms('a body changed after signing', { body: `From=${encodeURIComponent(REFUSED_PHONE)}&Body=stop` }),
  refusedSms('broken percent-encoding, unsigned', {
    headers: { 'content-type': FORM },
    body: 'From=%ZZ&Body=%E0%A',
  }),
  refusedSms('the form in a made-up charset', { headers: { 'content-type': `${FORM}; charset=klingon` } }),
  refusedSms('the text as JSON', {
    headers: { 'content-type': JSON_TYPE },
    body: `{"From":"${REFUSED_PHONE}"}`,
  }),
  refusedSms('a 200 kB body', { body: `From=${REFUSED_PHONE}&Body=${'b'.repeat(200_000)}` }),
  sms('a signed text without From', { From: '' }, '4xx', { says: /From/ }),
  sms('a signed text from "not a phone"', { From: 'not a phone' }, '4xx'),
  sms('a signed text from a number with a NUL byte', { From: '+1555\u00000102' }, '4xx'),
  sms('a signed text from markup', { From: '<script>alert(1)</script>' }, '4xx', { never: /<script/ }),
  sms('a signed text from 500 digits', { From: `+${'9'.repeat(500)}` }, '4xx'),
  sms('a signed text without Body', { Body: '' }, '2xx', { says: MESSAGE }),
  sms('a text with NUL bytes', { Body: 'error\u0000 721\u0000' }, '2xx', { says: /721/ }),
  sms(
    'a text that tries to end the TwiML',
    { Body: '</Message><Redirect>https://evil</Redirect><Message>' },
    '2xx',
    {
      never: /<Redirect|<Say|<Play/,
    },
  ),
  sms('a text of 10,000 characters', { Body: `my vpn is broken ${'a'.repeat(10_000)}` }, '2xx', {
    says: MESSAGE,
  }),
  notUtf8(
    sms('a text with bytes that are not UTF-8', { Body: '%FF%FF error 721' }, '2xx', { says: MESSAGE }),
  ),
  // The form parser drops these names, so what was signed no longer matches what arrived.
  sms(
    'a text with __proto__ and constructor fields',
    JSON.parse('{"__proto__":"x","constructor":"y"}'),
    '4xx',
  ),
  mms('a picture at the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'),
  mms('a picture at a javascript: URL', 'javascript:alert(1)'),
  mms('a picture at something that is not a URL', 'not a url at all'),
  mms('a picture at the provider that is not there', `${s.sms.url}/media/none`),
  mms('a picture count of -1', 'x', { NumMedia: '-1' }),
  mms('a picture count of 20 digits', 'x', { NumMedia: '99999999999999999999' }),
  mms('a picture whose type is markup', 'x', { MediaContentType0: '<script>' }),
  { say: 'a GET of the SMS webhook', method: 'GET', path: '/sms', answer: '4xx', says: /use POST/ },
  { say: 'a PUT of the SMS webhook', method: 'PUT', path: '/sms', answer: '4xx', body: 'From=1' },
];

describe('every hostile request gets a polite 2xx or a 4xx, never a 5xx or internals', () => {
  it.concurrent.each(named([...slackRows, ...smsRows]))('%s', async (_name, row) => {
    expectAnswer(row, await send(s.url, row));
  });
});

describe('afterwards', () => {
  it('Slack and SMS still answer a normal request', async () => {
    const code = command('a normal /vpncode', { text: '721' }, '2xx', { says: /721/ });
    expectAnswer(code, await send(s.url, code));
    const text = sms('a normal text', { Body: 'error 721' }, '2xx', { says: /721/ });
    expectAnswer(text, await send(s.url, text));
  });

  it('refused requests kept nothing and sent nothing', async () => {
    expect(await s.composed.store.get(`slack:${TEAM}:${REFUSED_USER}`)).toBeUndefined();
    expect(await s.composed.store.get(`sms:${REFUSED_PHONE}`)).toBeUndefined();
    expect(await s.composed.handoffs.list()).toEqual([]);
    expect(s.sms.requests.filter((r) => r.form.To === REFUSED_PHONE)).toEqual([]);
    // The only picture fetched was the one on the provider's own host.
    expect(s.sms.requests.filter((r) => !r.form.To).map((r) => r.path)).toEqual(['/media/none']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('what people typed reached Slack escaped: no @channel, no disguised links, no markup', () => {
    const sent = s.slack.calls.flatMap((c) => mrkdwnStrings(c.args));
    expect(sent.length).toBeGreaterThan(0);
    for (const text of sent) expect(text).not.toMatch(/<!channel>|<https:\/\/evil|<script/);
  });
});
