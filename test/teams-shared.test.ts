// Teams channels, group chats and the `vpncode` message extension, end to end over /api/messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directChatCard } from '../src/channels/teams/teams-texts.ts';
import { say } from '../src/core/phrases.ts';
import { renderAdaptiveCard } from '../src/render/adaptive-card.ts';
import { type ConnectorStub, startConnectorStub } from './helpers/connector-stub.ts';
import { botAdded, channelMention, extensionQuery, postActivity } from './helpers/teams-activity.ts';
import { cardsOf, cardText, heard, must, openUrls, validCards } from './helpers/teams-cards.ts';
import { startTeamsTestServer, type TeamsTestServer } from './helpers/teams-server.ts';
import { validateAdaptiveCard } from './helpers/validate-adaptive.ts';

let stub: ConnectorStub;
let server: TeamsTestServer;
let n = 0;
const thread = () => `19:general@thread.tacv2;messageid=17000000${++n}`;

beforeAll(async () => {
  stub = await startConnectorStub();
  server = await startTeamsTestServer();
});
afterAll(async () => {
  await server?.close();
  await stub?.close();
});

async function mention(text: string, extra: { mention?: boolean; conversationId?: string } = {}) {
  stub.clear();
  const conversationId = extra.conversationId ?? thread();
  const activity = channelMention({ serviceUrl: stub.url, text, conversationId, mention: extra.mention });
  const res = await postActivity(server.url, activity);
  expect(res.status).toBe(200);
  const messages = stub.messages();
  validCards(messages);
  for (const m of messages) {
    expect(m.conversationId).toBe(conversationId);
    expect(m.replyToId).toBe(activity.id);
  }
  return messages;
}

describe('Teams channels and group chats', () => {
  it.each(['vpncode 721', '721', 'code 721', '/vpncode 721'])(
    'answers "@VPN Bot %s" with the code card in the thread',
    async (text) => {
      const messages = await mention(text);
      expect(messages).toHaveLength(1);
      const card = must(cardsOf(must(messages[0]))[0]);
      expect(cardText(card)).toContain('721');
      expect(cardText(card)).toContain(say(server.bot.content.phrases, 'code.techSteps'));
      expect(stub.posts.some((p) => p.activity.type === 'typing')).toBe(false);
    },
  );

  it('strips the mention before reading the text (no mention text reaches the answer)', async () => {
    const messages = await mention('vpncode');
    expect(heard(messages)).toContain(say(server.bot.content.phrases, 'lookup.usage.title'));
    expect(heard(messages)).not.toContain('<at>');
  });

  it('offers a 1:1 chat instead of running the triage in public', async () => {
    const messages = await mention('vpn not working');
    expect(messages).toHaveLength(1);
    expect(heard(messages)).toMatch(/message me directly/i);
    const stored = await server.store.get(`teams:${must(messages[0]).conversationId}`);
    expect(stored).toBeUndefined();
  });

  it('links the 1:1 chat when the app id is known', () => {
    const card = directChatCard({}, '11111111-2222-3333-4444-555555555555');
    const json = renderAdaptiveCard(card);
    expect(validateAdaptiveCard(json)).toEqual([]);
    expect(openUrls(json)).toEqual([
      'https://teams.microsoft.com/l/chat/0/0?users=28:11111111-2222-3333-4444-555555555555',
    ]);
    expect(openUrls(renderAdaptiveCard(directChatCard({}, undefined)))).toEqual([]);
  });

  it('stays quiet on channel messages that do not mention it', async () => {
    expect(await mention('vpncode 721', { mention: false })).toHaveLength(0);
  });

  it('answers a group chat mention like a channel one', async () => {
    stub.clear();
    const activity = channelMention({
      serviceUrl: stub.url,
      text: 'code 809',
      conversationId: '19:group@thread.v2',
    });
    activity.conversation = { id: '19:group@thread.v2', conversationType: 'groupChat', isGroup: true };
    expect((await postActivity(server.url, activity)).status).toBe(200);
    const messages = stub.messages();
    expect(validCards(messages)).toHaveLength(1);
    expect(heard(messages)).toContain('809');
  });

  it('introduces itself when added to a team', async () => {
    stub.clear();
    const res = await postActivity(server.url, botAdded({ serviceUrl: stub.url, scope: 'channel' }));
    expect(res.status).toBe(200);
    const messages = stub.messages();
    expect(validCards(messages)).toHaveLength(1);
    expect(heard(messages)).toMatch(/mention me/i);
  });
});

describe('Teams message extension (vpncode search)', () => {
  type Result = {
    composeExtension: {
      type: string;
      attachmentLayout: string;
      attachments: {
        contentType: string;
        content: Record<string, unknown>;
        preview: { contentType: string; content: { title: string; text?: string } };
      }[];
    };
  };
  async function query(text: string | undefined, commandId?: string): Promise<Result> {
    stub.clear();
    const res = await postActivity(server.url, extensionQuery({ serviceUrl: stub.url, text, commandId }));
    expect(res.status).toBe(200);
    expect(stub.posts).toHaveLength(0);
    const body = res.body as Result;
    expect(body.composeExtension.type).toBe('result');
    for (const a of body.composeExtension.attachments) {
      expect(a.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(validateAdaptiveCard(a.content)).toEqual([]);
      expect(['application/vnd.microsoft.card.thumbnail', 'application/vnd.microsoft.card.hero']).toContain(
        a.preview.contentType,
      );
      expect(a.preview.content.title).toBeTruthy();
    }
    return body;
  }

  it('finds a code: the preview names it and the content is its card', async () => {
    const body = await query('721');
    const [first] = body.composeExtension.attachments;
    expect(first?.preview.content.title).toContain('721');
    expect(cardText(must(first).content)).toContain('721');
  });

  it('finds a code inside a range', async () => {
    const body = await query('790');
    expect(body.composeExtension.attachments[0]?.preview.content.title).toMatch(/785/);
  });

  it('offers common codes before anything is typed', async () => {
    const initial = await query(undefined);
    expect(initial.composeExtension.attachments.length).toBeGreaterThanOrEqual(2);
    const blank = await query('   ');
    expect(blank.composeExtension.attachments.length).toBeGreaterThanOrEqual(2);
  });

  it('suggests the nearest codes for an unknown one, and answers nonsense with an empty list', async () => {
    expect((await query('722222')).composeExtension.attachments.length).toBeGreaterThan(0);
    expect((await query('721', 'someOtherCommand')).composeExtension.attachments).toHaveLength(0);
  });

  it('answers invokes it does not offer with 400 (not a 5xx) and sends nothing', async () => {
    stub.clear();
    const activity = extensionQuery({ serviceUrl: stub.url, text: '721' });
    activity.name = 'composeExtension/fetchTask';
    const res = await postActivity(server.url, activity);
    expect(res.status).toBe(400);
    expect(stub.posts).toHaveLength(0);
  });
});
