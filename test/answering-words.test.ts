// Each channel is told how to answer in its own words: taps where answers are buttons (web chat, Teams), numbers
// where the choices are numbered text (SMS, the terminal, the Bot Framework's sms channel). The same conversation
// runs through the SMS webhook and the web chat API; neither hears the other's instructions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answeringOf } from '../src/app/answering.ts';
import { conversationKey as slackKey } from '../src/channels/slack/slack-turns.ts';
import { smsKey } from '../src/channels/sms/phone-number.ts';
import { conversationOf } from '../src/channels/teams/conversation-key.ts';
import { loadContent } from '../src/content/load-content.ts';
import { parseYamlContent } from '../src/content/load-yaml.ts';
import { flowFileSchema } from '../src/core/flow.ts';
import { phrasesFileSchema } from '../src/core/phrases.ts';
import type { RunningServer } from '../src/server.ts';
import { type ConnectorStub, startConnectorStub } from './helpers/connector-stub.ts';
import { Conversation, engineContext } from './helpers/conversation.ts';
import { type SmsHarness, startSmsHarness } from './helpers/sms-server.ts';
import { personalMessage, postActivity } from './helpers/teams-activity.ts';
import { startTeamsTestServer, type TeamsTestServer } from './helpers/teams-server.ts';
import { postTurn, startTestServer } from './helpers/web-server.ts';

const { phrases, flow } = loadContent();
const errorCodeHelp = flow.nodes.error_code?.help ?? '';
const [tapHelp = '', numberHelp = ''] = errorCodeHelp.split('{number}');
/** Words that only make sense with buttons, and words that only make sense with numbered choices. */
const TAP_WORDS = /\btap/i;
const NUMBER_WORDS = /type its number|number of an answer|reply with an answer|\breply \d/i;

describe('the composition tells the engine how each channel answers, from the conversation key', () => {
  it.each([
    ['the SMS channel', smsKey('+15551234567'), 'number'],
    ['the terminal chat', 'console:local', 'number'],
    ['the web chat', 'web:abc', 'tap'],
    ['Slack', slackKey('T1', 'U1'), 'tap'],
    ['Teams', conversationOf({ channelId: 'msteams', conversation: { id: 'a:1' } })?.key ?? '', 'tap'],
    [
      'Bot Framework Web Chat',
      conversationOf({ channelId: 'webchat', conversation: { id: 'x' } })?.key ?? '',
      'tap',
    ],
    [
      'Bot Framework sms',
      conversationOf({ channelId: 'sms', conversation: { id: 'x' } })?.key ?? '',
      'number',
    ],
    [
      'a plain-text Bot Framework channel',
      conversationOf({ channelId: 'telegram', conversation: { id: 'x' } })?.key ?? '',
      'number',
    ],
  ])('%s (%s) → %s', (_name, key, answering) => {
    expect(answeringOf(key)).toBe(answering);
  });
});

describe('the engine picks the words for how the user answers', () => {
  const heardWith = (answering: 'tap' | 'number' | undefined, ...texts: string[]) => {
    const c = new Conversation({ ...engineContext(), answering });
    return texts.map((t) => c.say(t)).join(' || ');
  };

  it('a re-ask and the help say "tap" with buttons, "number" with numbered text', () => {
    const tap = heardWith('tap', 'vpn not working', 'blorp zzzz', 'help');
    expect(tap).toContain(phrases['reask.text']);
    expect(tap).toContain(phrases['help.text']);
    expect(tap).not.toMatch(NUMBER_WORDS);
    const number = heardWith('number', 'vpn not working', 'blorp zzzz', 'help');
    expect(number).toContain(phrases['reask.text.number']);
    expect(number).toContain(phrases['help.text.number']);
    expect(number).not.toMatch(TAP_WORDS);
    expect(heardWith(undefined, 'vpn not working', 'blorp zzzz')).toContain(phrases['reask.text']);
  });

  it("a question's help written both ways says the one for the channel", () => {
    expect(tapHelp).toMatch(TAP_WORDS);
    expect(numberHelp).not.toMatch(TAP_WORDS);
    const ask = (answering: 'tap' | 'number') => {
      const c = new Conversation({ ...engineContext(), answering });
      c.say('hello');
      return c.tap('Look up an error code');
    };
    expect(ask('tap')).toContain(tapHelp);
    expect(ask('tap')).not.toContain(numberHelp);
    expect(ask('number')).toContain(numberHelp);
    expect(ask('number')).not.toMatch(TAP_WORDS);
  });
});

describe('content written both ways is checked', () => {
  const flowWith = (help: string) =>
    `version: 1\nstart: q\nvpnTypes: {}\nnodes:\n  q:\n    ask: Is it on?\n    help: ${help}\n    choices:\n      - { id: a, label: A, next: done }\noutcomes:\n  done: { title: Done here, text: All done now., ifNotFixed: human }\n`;
  const problems = (file: string, text: string, schema: Parameters<typeof parseYamlContent>[2]) => {
    try {
      parseYamlContent(file, text, schema);
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };

  it('a help with both words loads; one with only one of them is refused with its line', () => {
    expect(problems('f.yaml', flowWith('{ tap: Tap below., number: Reply 1. }'), flowFileSchema)).toBe('');
    expect(problems('f.yaml', flowWith('{ tap: Tap below. }'), flowFileSchema)).toMatch(
      /f\.yaml:7: nodes\.q\.help: write both "tap".*and "number"/,
    );
    expect(problems('f.yaml', flowWith('"Say {number} here."'), flowFileSchema)).toMatch(
      /\{number\} is not a placeholder/,
    );
  });

  it('a ".number" phrase needs the phrase it stands in for', () => {
    const text = 'version: 1\nphrases:\n  a.text: Tap it.\n  b.text.number: Reply 1.\n';
    expect(problems('p.yaml', text, phrasesFileSchema)).toMatch(
      /p\.yaml:4: phrases\.b\.text\.number: .*there is no "b\.text"/,
    );
  });
});

describe('one conversation over SMS and over the web chat', () => {
  let sms: SmsHarness;
  let web: RunningServer;
  let teams: TeamsTestServer;
  let stub: ConnectorStub;
  beforeAll(async () => {
    sms = await startSmsHarness();
    web = await startTestServer();
    stub = await startConnectorStub();
    teams = await startTeamsTestServer({ env: { VPN_TYPES: 'sstp' } });
  });
  afterAll(async () => {
    await sms?.stop();
    await web?.close();
    await teams?.close();
    await stub?.close();
  });

  it('over SMS it never says "tap": numbers everywhere, and the error-number help says so', async () => {
    const from = '+15557770001';
    const heard: string[] = [];
    for (const body of ['hello', 'vpn not working', 'blorp zzzz', 'what should i type', 'talk to a person']) {
      heard.push(...(await sms.text(from, body)).messages);
    }
    const all = heard.join('\n');
    expect(all).toContain(phrases['reask.text.number']);
    expect(all).toContain(phrases['help.text.number']);
    expect(all).not.toMatch(TAP_WORDS);

    const other = '+15557770002';
    await sms.text(other, 'hello');
    const lookup = (await sms.text(other, '2')).messages.join('\n');
    expect(lookup).toContain(numberHelp);
    const noNumber = (await sms.text(other, '1')).messages.join('\n');
    expect(noNumber).toMatch(
      /Want a person to look at this with you\?\nReply 1 Yes, get me a person, 2 Start over$/,
    );
    expect(`${lookup}\n${noNumber}`).not.toMatch(TAP_WORDS);
  });

  it('over the web chat it never says "type its number" or "reply 1"', async () => {
    const conversationId = `answering-${Date.now()}`;
    const said: string[] = [];
    const turn = async (body: Record<string, unknown>) => {
      const { status, json } = await postTurn(web.url, { conversationId, ...body });
      expect(status).toBe(200);
      said.push(JSON.stringify(json.replies));
      return json.replies as unknown[];
    };
    for (const text of ['hello', 'vpn not working', 'blorp zzzz', 'what should i type', 'talk to a person'])
      await turn({ text });
    const all = said.join('\n');
    expect(all).toContain(JSON.stringify(phrases['reask.text']).slice(1, -1));
    expect(all).toContain(JSON.stringify(phrases['help.text']).slice(1, -1));
    expect(all).not.toMatch(NUMBER_WORDS);

    const other = `answering-code-${Date.now()}`;
    const hello = await postTurn(web.url, { conversationId: other, text: 'hello' });
    const lookupData = findButton(hello.json.replies, 'Look up an error code');
    const lookup = await postTurn(web.url, { conversationId: other, action: lookupData });
    const lookupSaid = JSON.stringify(lookup.json.replies);
    expect(lookupSaid).toContain(tapHelp);
    expect(lookupSaid).not.toMatch(NUMBER_WORDS);
  });

  it("over the Bot Framework's sms channel the words are for numbers too", async () => {
    const say = async (text: string) => {
      stub.clear();
      const activity = personalMessage({
        serviceUrl: stub.url,
        conversationId: 'bf-sms-1',
        channelId: 'sms',
        text,
      });
      expect((await postActivity(teams.url, activity)).status).toBe(200);
      return stub
        .messages()
        .map((m) => String(m.activity.text ?? ''))
        .join('\n');
    };
    await say('vpn not working');
    const reask = await say('blorp zzzz');
    expect(reask).toContain(phrases['reask.text.number']);
    expect(reask).not.toMatch(TAP_WORDS);
  });
});

/** The Action.Submit data of the button titled `title` in the web chat's replies. */
function findButton(replies: unknown, title: string): unknown {
  let found: unknown;
  const visit = (node: unknown): void => {
    if (found !== undefined) return;
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (obj.type === 'Action.Submit' && obj.title === title) found = obj.data;
      for (const [key, value] of Object.entries(obj)) if (key !== 'data') visit(value);
    }
  };
  visit(replies);
  if (found === undefined) throw new Error(`no button "${title}"`);
  return found;
}
