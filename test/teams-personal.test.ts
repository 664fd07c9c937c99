// Teams 1:1 chat end to end: real activities POSTed to /api/messages, replies read at a local connector stub.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { say } from '../src/core/phrases.ts';
import { type ConnectorStub, startConnectorStub } from './helpers/connector-stub.ts';
import { botAdded, personalMessage, personalPress, postActivity } from './helpers/teams-activity.ts';
import { cardsOf, cardText, heard, must, submitButtons, validCards } from './helpers/teams-cards.ts';
import { startTeamsTestServer, type TeamsTestServer } from './helpers/teams-server.ts';

let stub: ConnectorStub;
let server: TeamsTestServer;
let n = 0;
const newChat = () => `a:personal-${++n}`;
const phrase = (key: string) => say(server.bot.content.phrases, key);

beforeAll(async () => {
  stub = await startConnectorStub();
  // One VPN type skips the six-button "which VPN" question, which the SDK validator (max 5 actions) rejects.
  server = await startTeamsTestServer({ env: { VPN_TYPES: 'sstp' } });
});
afterAll(async () => {
  await server?.close();
  await stub?.close();
});
beforeEach(() => stub.clear());

/** Posts an activity, expects 200, and returns the messages the bot sent for it (cards validated). */
async function exchange(activity: Record<string, unknown>) {
  stub.clear();
  const res = await postActivity(server.url, activity);
  expect(res.status).toBe(200);
  const messages = stub.messages();
  validCards(messages);
  return messages;
}

describe('Teams personal chat', () => {
  it('greets with the welcome card when the app is installed', async () => {
    const messages = await exchange(botAdded({ serviceUrl: stub.url, conversationId: newChat() }));
    expect(messages).toHaveLength(1);
    const card = must(cardsOf(must(messages[0]))[0]);
    expect(cardText(card)).toContain(phrase('greet.text'));
    const titles = submitButtons(card).map((b) => b.title);
    expect(titles).toEqual([phrase('greet.start'), phrase('greet.lookup')]);
  });

  it('ignores a conversationUpdate that adds someone else', async () => {
    const activity = botAdded({ serviceUrl: stub.url, conversationId: newChat() });
    activity.membersAdded = [{ id: '29:someone-else' }];
    expect(await exchange(activity)).toHaveLength(0);
  });

  it('runs the triage: the question card comes as a reply, and its buttons drive it', async () => {
    const chat = newChat();
    const res = await postActivity(
      server.url,
      personalMessage({ serviceUrl: stub.url, conversationId: chat, text: 'vpn not working' }),
    );
    expect(res.status).toBe(200);
    const messages = stub.messages();
    expect(messages.length).toBeGreaterThanOrEqual(1);
    for (const m of messages) {
      expect(m.conversationId).toBe(chat);
      expect(m.replyToId).toBeTruthy();
    }
    const [question] = validCards(messages);
    const buttons = submitButtons(must(question, 'a question card'));
    expect(buttons.length).toBeGreaterThanOrEqual(2);

    const next = await exchange(
      personalPress({ serviceUrl: stub.url, conversationId: chat, value: must(buttons[0]).data }),
    );
    expect(heard(next)).not.toContain('out of date');
    expect(validCards(next).length).toBeGreaterThanOrEqual(1);
  });

  it('explains an error code with a card and asks whether it helped', async () => {
    const messages = await exchange(
      personalMessage({ serviceUrl: stub.url, conversationId: newChat(), text: 'it says error 721' }),
    );
    const text = heard(messages);
    expect(text).toContain('721');
    const buttons = validCards(messages)
      .flatMap(submitButtons)
      .map((b) => b.title);
    expect(buttons).toContain(phrase('followup.fixed'));
  });

  it('answers `vpncode 721` with the tech card', async () => {
    const messages = await exchange(
      personalMessage({ serviceUrl: stub.url, conversationId: newChat(), text: 'vpncode 721' }),
    );
    expect(messages).toHaveLength(1);
    expect(heard(messages)).toContain(phrase('code.techSteps'));
  });

  it('answers a stale press politely with the current card', async () => {
    const chat = newChat();
    const first = await exchange(
      personalMessage({ serviceUrl: stub.url, conversationId: chat, text: 'vpn not working' }),
    );
    const oldButton = must(submitButtons(must(validCards(first)[0]))[0]);
    await exchange(personalPress({ serviceUrl: stub.url, conversationId: chat, value: oldButton.data }));
    const again = await exchange(
      personalPress({ serviceUrl: stub.url, conversationId: chat, value: oldButton.data }),
    );
    expect(heard(again)).toContain('out of date');
    expect(validCards(again).length).toBe(1);
  });

  it('answers forged and malformed presses with "out of date", never an error', async () => {
    const chat = newChat();
    for (const value of [
      { vpnbot: { type: 'choice', node: 'internet', choice: 'works', turn: 99 } },
      { vpnbot: { type: 'choice', node: 'x'.repeat(5000), choice: 'y', turn: 1 } },
      { vpnbot: { type: 'command', command: 'start', extra: 'key' } },
      { something: 'else' },
      '{"vpnbot": not json',
      [1, 2, 3],
    ]) {
      const messages = await exchange(personalPress({ serviceUrl: stub.url, conversationId: chat, value }));
      expect(heard(messages)).toContain('out of date');
    }
  });

  it("a press carrying another user's card only touches the presser's own conversation", async () => {
    const alice = newChat();
    const bob = newChat();
    const aliceHeard = await exchange(
      personalMessage({ serviceUrl: stub.url, conversationId: alice, text: 'vpn not working' }),
    );
    const aliceCard = must(validCards(aliceHeard)[0]);
    const aliceButton = must(submitButtons(aliceCard)[0]);
    // Bob replays Alice's button in his own chat: it is stale there, and Alice's state is untouched.
    const bobHeard = await exchange(
      personalPress({ serviceUrl: stub.url, conversationId: bob, value: aliceButton.data }),
    );
    expect(heard(bobHeard)).toContain('out of date');
    expect(bobHeard.every((m) => m.conversationId === bob)).toBe(true);
    const aliceNext = await exchange(
      personalPress({ serviceUrl: stub.url, conversationId: alice, value: aliceButton.data }),
    );
    expect(heard(aliceNext)).not.toContain('out of date');
  });

  it('answers a re-sent activity (same id) once', async () => {
    const activity = personalMessage({ serviceUrl: stub.url, conversationId: newChat(), text: 'error 721' });
    const first = await exchange(activity);
    expect(first.length).toBeGreaterThan(0);
    stub.clear();
    const again = await postActivity(server.url, activity);
    expect(again.status).toBe(200);
    expect(stub.posts).toHaveLength(0);
  });

  it('renders text with numbered choices on the sms channel, and a number answers', async () => {
    const sms = {
      serviceUrl: stub.url,
      channelId: 'sms',
      conversationId: '+15550100',
      from: { id: '+15550100' },
    };
    const first = await exchange(personalMessage({ ...sms, text: 'vpn not working' }));
    expect(stub.posts.every((p) => p.activity.type === 'message')).toBe(true);
    expect(first).toHaveLength(1);
    expect(must(first[0]).activity.attachments ?? []).toHaveLength(0);
    const text = String(must(first[0]).activity.text);
    expect(text).toMatch(/Reply 1 /);
    const second = await exchange(personalMessage({ ...sms, text: '1' }));
    expect(String(must(second[0]).activity.text)).not.toContain('out of date');
    expect(String(must(second[0]).activity.text)).not.toBe(text);
  });

  it('answers in the HTTP response when the client asks for expectReplies (Agents Playground option)', async () => {
    stub.clear();
    const activity = personalMessage({ serviceUrl: stub.url, conversationId: newChat(), text: 'error 721' });
    activity.deliveryMode = 'expectReplies';
    const res = await postActivity(server.url, activity);
    expect(res.status).toBe(200);
    expect(stub.posts).toHaveLength(0);
    const replies = (res.body as { activities: { type: string }[] }).activities;
    expect(replies.filter((a) => a.type === 'message').length).toBeGreaterThan(0);
    validCards(replies.map((a) => ({ conversationId: '', activity: a as Record<string, unknown> })));
  });

  it('sends Adaptive Cards to webchat, directline and emulator clients', async () => {
    for (const channelId of ['webchat', 'directline', 'emulator']) {
      const messages = await exchange(
        personalMessage({
          serviceUrl: stub.url,
          channelId,
          conversationId: `${channelId}-1`,
          text: 'error 721',
        }),
      );
      expect(validCards(messages).length).toBeGreaterThan(0);
    }
  });
});
