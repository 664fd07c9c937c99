// A Teams user handed to a person: the case remembers how to reach them, and agent messages arrive in their chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { say } from '../src/core/phrases.ts';
import { type ConnectorStub, startConnectorStub } from './helpers/connector-stub.ts';
import { type HandoffHarness, startHandoffHarness } from './helpers/handoff-server.ts';
import { personalMessage, personalPress, postActivity } from './helpers/teams-activity.ts';
import { heard, must, submitButtons, validCards } from './helpers/teams-cards.ts';

let stub: ConnectorStub;
let h: HandoffHarness;

beforeAll(async () => {
  stub = await startConnectorStub();
  h = await startHandoffHarness({ VPN_TYPES: 'sstp' });
});
afterAll(async () => {
  await h?.stop();
  await stub?.close();
});

describe('Teams handoff to a person', () => {
  it('opens a case that reaches the Teams chat, and relays agent and user messages', async () => {
    const chat = 'a:personal-handoff';
    const phrases = h.composed.bot.content.phrases;
    stub.clear();
    await postActivity(
      h.url,
      personalMessage({ serviceUrl: stub.url, conversationId: chat, text: 'error 721' }),
    );
    const person = must(
      validCards(stub.messages())
        .flatMap(submitButtons)
        .find((b) => b.title === say(phrases, 'followup.human')),
      'a "talk to a person" button',
    );
    stub.clear();
    const press = await postActivity(
      h.url,
      personalPress({ serviceUrl: stub.url, conversationId: chat, value: person.data }),
    );
    expect(press.status).toBe(200);
    validCards(stub.messages());

    const [opened] = (await h.composed.handoffs.list()).filter((c) => c.conversationKey === `teams:${chat}`);
    expect(opened?.channel).toBe('teams');
    expect(opened?.userName).toBe('Ada Lovelace');
    expect(opened?.address).toMatchObject({
      channelId: 'msteams',
      serviceUrl: stub.url,
      conversation: { id: chat },
    });

    stub.clear();
    const agent = { id: 'agent-1', name: 'Sam', via: 'console' };
    const said = await h.composed.handoffs.agentSays(must(opened).id, agent, 'Is Caps Lock on, Ada?');
    expect(said).toMatchObject({ ok: true });
    await h.composed.handoffs.dispatch();
    const delivered = stub.messages().filter((m) => m.conversationId === chat);
    // Writing to a waiting case claims it: the user hears who joined, then the agent's own words.
    expect(heard(delivered)).toMatch(/Sam from the help desk has joined[\s\S]*Sam: Is Caps Lock on, Ada\?/);
    validCards(delivered);

    stub.clear();
    await postActivity(
      h.url,
      personalMessage({ serviceUrl: stub.url, conversationId: chat, text: 'It says 721 again' }),
    );
    await h.composed.handoffs.dispatch();
    const updated = await h.composed.handoffs.get(must(opened).id);
    expect(updated?.lines.map((l) => l.text).join('\n')).toContain('It says 721 again');
  });

  it('what a Teams user writes while the case waits reaches the case in order, and they are told so', async () => {
    const chat = 'a:personal-waiting';
    stub.clear();
    await postActivity(
      h.url,
      personalMessage({ serviceUrl: stub.url, conversationId: chat, text: 'talk to a person' }),
    );
    for (const text of ['hello anyone there?', 'i have a meeting at 3']) {
      stub.clear();
      await postActivity(h.url, personalMessage({ serviceUrl: stub.url, conversationId: chat, text }));
      expect(heard(stub.messages().filter((m) => m.conversationId === chat))).toContain('Added to your case');
    }
    const [waiting] = (await h.composed.handoffs.list()).filter((c) => c.conversationKey === `teams:${chat}`);
    expect(waiting?.status).toBe('queued');
    const said = (waiting?.lines ?? []).filter((l) => l.from === 'user').map((l) => l.text);
    expect(said.slice(-2)).toEqual(['hello anyone there?', 'i have a meeting at 3']);
  });
});
