// The whole handoff across platforms, through the real protocols: the user in Teams (Bot Framework activities to
// /api/messages, replies read at a connector stub), the agent in Slack (signed requests, a stub Web API).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffCase } from '../src/core/handoff-case.ts';
import { say } from '../src/core/phrases.ts';
import { type ConnectorStub, startConnectorStub } from './helpers/connector-stub.ts';
import {
  buttonLabelled,
  pressPayload,
  type SlackHarness,
  startSlackHarness,
  threadEvent,
  viewSubmissionPayload,
  visibleText,
} from './helpers/slack-harness.ts';
import { personalMessage, personalPress, postActivity } from './helpers/teams-activity.ts';
import { heard, must, submitButtons, validCards } from './helpers/teams-cards.ts';

const DESK = 'C0DESK';
const AGENT = { id: 'U0RAJ', name: 'raj' };
type Json = Record<string, unknown>;

let slack: SlackHarness;
let teams: ConnectorStub;
const phrase = (key: string, vars: Record<string, string> = {}) => say(slack.bot.content.phrases, key, vars);

beforeAll(async () => {
  slack = await startSlackHarness({ ESCALATION_SLACK_CHANNEL: DESK, HELPDESK_HOURS: 'Mon-Sun 00:00-24:00' });
  teams = await startConnectorStub();
});
afterAll(async () => {
  await slack?.close();
  await teams?.close();
});

const api = () => slack.server.url.replace('localhost', '127.0.0.1');
/** The user types in their Teams chat; returns what the bot answered there (cards validated). */
const userTypes = async (text: string) => {
  teams.clear();
  const res = await postActivity(api(), personalMessage({ serviceUrl: teams.url, text }));
  expect(res.status).toBe(200);
  validCards(teams.messages());
  return heard(teams.messages());
};
/** Delivers what the help desk owes (queue posts, relays, messages to the user) and returns what the user got. */
const deliver = async () => {
  teams.clear();
  await slack.handoffs.dispatch();
  validCards(teams.messages());
  return heard(teams.messages());
};
const theCase = async (): Promise<HandoffCase> => must((await slack.handoffs.list()).at(-1), 'a case');
const postOf = (c: HandoffCase) =>
  must(c.posts.find((p) => p.target === 'slack')?.ref as Json, 'a Slack post');
/** The case message in the escalation channel as it shows now. */
const shownInSlack = (ts: string): Json => {
  const calls = slack.stub.calls.filter(
    (x) =>
      x.args.channel === DESK &&
      !x.failed &&
      (x.args.ts === ts || x.name === 'chat.postMessage') &&
      !x.args.thread_ts,
  );
  return must(calls.at(-1)?.args, 'the case message');
};
const pressInSlack = async (ts: string, label: string) => {
  const message = shownInSlack(ts);
  const payload = pressPayload(buttonLabelled(message, label), {
    user: AGENT.id,
    userName: AGENT.name,
    channel: DESK,
    message: { ts, text: message.text, blocks: message.blocks },
  });
  expect((await slack.action(payload)).status).toBe(200);
  return payload;
};

describe('a user in Teams, an agent in Slack', () => {
  it('asks for a person, is claimed, talks both ways, is closed with a note and gets the feedback question', async () => {
    await userTypes('error 691');
    await userTypes('i typed my password Hunter2!! twice');
    expect(await userTypes('please get me a real person')).toMatch(/Getting you a person/);

    // The queue post reaches Slack, with what the bot learned and a Claim button.
    await deliver();
    const c = await theCase();
    const ts = String(postOf(c).ts);
    const posted = shownInSlack(ts);
    expect(visibleText(posted)).toMatch(/691/);
    expect(visibleText(posted)).toMatch(/msteams|teams/i);

    // A signed Claim press: the user's Teams chat is told who joined.
    await pressInSlack(ts, phrase('case.claim'));
    expect(await deliver()).toContain('raj from the help desk has joined');

    // The agent writes in the Slack thread; the words reach the user's Teams chat.
    expect((await slack.event(threadEvent('Is Caps Lock on?', AGENT.id, DESK, ts))).status).toBe(200);
    expect(await deliver()).toContain('raj: Is Caps Lock on?');

    // The user answers in Teams; the answer is posted to the case thread in Slack, not answered by the bot.
    expect(await userTypes('it was! connected now')).toBe('');
    await deliver();
    const threadReplies = slack.stub.calls.filter(
      (x) => x.name === 'chat.postMessage' && x.args.thread_ts === ts,
    );
    expect(visibleText(threadReplies.at(-1)?.args)).toContain('it was! connected now');

    // The agent closes with a note through the modal; the user gets the note and the one-tap feedback.
    const pressed = await pressInSlack(ts, phrase('case.close'));
    const view = must(
      slack.stub.api('views.open').find((x) => x.args.trigger_id === pressed.trigger_id)?.args.view as Json,
    );
    await slack.action(viewSubmissionPayload(view, { note: { note: 'Caps Lock was on' } }, AGENT));
    teams.clear();
    await slack.handoffs.dispatch();
    const closing = heard(teams.messages());
    expect(closing).toMatch(/raj has closed your case: Caps Lock was on/);
    expect(closing).toMatch(/Is your VPN working now\?/);

    // One tap on the feedback card, back in Teams.
    const card = must(validCards(teams.messages()).at(-1), 'the feedback card');
    const yes = must(
      submitButtons(card).find((b) => b.title === 'Yes, fixed'),
      'a "Yes, fixed" button',
    );
    teams.clear();
    await postActivity(api(), personalPress({ serviceUrl: teams.url, value: yes.data }));
    expect(heard(teams.messages())).toMatch(/Glad you're connected again/);

    // The password the user typed never reached Slack.
    expect(JSON.stringify(slack.stub.calls)).not.toContain('Hunter2');
  });
});
