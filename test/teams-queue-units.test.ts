// The Teams queue's pure parts: channel ids, learning where the channel is, the stored location, thread messages.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/app/logger.ts';
import { closeNoteForm, noteOf, relayMessages } from '../src/channels/teams/case-thread-messages.ts';
import {
  channelOfConversation,
  escalationChannelId,
  threadRootOf,
} from '../src/channels/teams/escalation-channel.ts';
import { createChannelLearner, type SeenActivity } from '../src/channels/teams/escalation-channel-learner.ts';
import { agentOf, isCaseCommand } from '../src/channels/teams/teams-case-desk.ts';
import { createTeamsQueueTarget } from '../src/channels/teams/teams-queue-target.ts';
import { newCase } from '../src/core/handoff-case.ts';
import { createSqliteTeamsChannelStore } from '../src/store/sqlite-teams-channel-store.ts';
import { createMemoryTeamsChannelStore } from '../src/store/teams-channel-store.ts';
import { cardsOf, must } from './helpers/teams-cards.ts';
import { validateAdaptiveCard } from './helpers/validate-adaptive.ts';

const log = createLogger('silent');
const ESC = '19:vpn-escalations@thread.tacv2';
const TEAM = '19:helpdesk@thread.tacv2';

const seen = (
  channel: string,
  team = TEAM,
  serviceUrl = 'https://smba.trafficmanager.net/emea/',
): SeenActivity => ({
  channelId: 'msteams',
  serviceUrl,
  conversation: { id: `${channel};messageid=1`, tenantId: 't-1' },
  recipient: { id: '28:bot', name: 'VPN Bot' },
  channelData: { team: { id: team }, channel: { id: channel }, tenant: { id: 't-1' } },
});

const aCase = () =>
  newCase({
    id: 'VPN-ABC234',
    conversationKey: 'web:u',
    channel: 'web',
    address: { key: 'u' },
    summary: { reason: 'asked', codes: [], checks: [], suggested: [] },
    lines: [],
    targets: ['teams'],
    now: 0,
  });

describe('the escalation channel id', () => {
  it('reads a bare id, an id with a thread part, and a pasted channel link', () => {
    expect(escalationChannelId(` ${ESC} `)).toBe(ESC);
    expect(escalationChannelId(`${ESC};messageid=1700000000000`)).toBe(ESC);
    expect(
      escalationChannelId(
        'https://teams.microsoft.com/l/channel/19%3avpn-escalations%40thread.tacv2/VPN%20cases?groupId=g&tenantId=t',
      ),
    ).toBe(ESC);
    for (const bad of [undefined, '', 'vpn-escalations', '#vpn', 'https://example.com/x', '19:a b'])
      expect(escalationChannelId(bad)).toBeUndefined();
  });

  it('tells a thread from its channel', () => {
    expect(channelOfConversation(`${ESC};messageid=17`)).toBe(ESC);
    expect(channelOfConversation(ESC)).toBe(ESC);
    expect(threadRootOf(`${ESC};messageid=17`)).toBe('17');
    expect(threadRootOf(ESC)).toBeUndefined();
  });
});

describe('learning where the channel is', () => {
  it('learns from the channel itself without asking Teams, and stores only changes', async () => {
    const store = createMemoryTeamsChannelStore();
    const put = vi.spyOn(store, 'put');
    const list = vi.fn(async () => [] as string[]);
    const learner = createChannelLearner({ channelId: ESC, store, log, now: () => 5 });
    expect(await learner.location()).toBeUndefined();
    await learner.observe(seen(ESC, '19:other-team@thread.tacv2'), list);
    await learner.observe(seen(ESC, '19:other-team@thread.tacv2'), list);
    expect(list).not.toHaveBeenCalled();
    expect(put).toHaveBeenCalledTimes(1);
    expect(await learner.location()).toEqual({
      channelId: ESC,
      teamId: '19:other-team@thread.tacv2',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      tenantId: 't-1',
      botId: '28:bot',
      botName: 'VPN Bot',
      learnedAt: 5,
    });
    await learner.observe(
      seen('19:general', '19:other-team@thread.tacv2', 'https://smba.trafficmanager.net/amer/'),
      list,
    );
    expect((await learner.location())?.serviceUrl).toBe('https://smba.trafficmanager.net/amer/');
    expect(put).toHaveBeenCalledTimes(2);
  });

  it("asks once per team whether another channel's team holds it", async () => {
    const store = createMemoryTeamsChannelStore();
    const learner = createChannelLearner({ channelId: ESC, store, log });
    const notHere = vi.fn(async () => ['19:general@thread.tacv2']);
    await learner.observe(seen('19:general@thread.tacv2', '19:sales@thread.tacv2'), notHere);
    await learner.observe(seen('19:general@thread.tacv2', '19:sales@thread.tacv2'), notHere);
    expect(notHere).toHaveBeenCalledTimes(1);
    const failing = vi.fn(async (): Promise<string[]> => {
      throw new Error('403');
    });
    await learner.observe(seen('19:x@thread.tacv2', '19:locked@thread.tacv2'), failing);
    expect(await learner.location()).toBeUndefined();
    const holds = vi.fn(async () => [TEAM, ESC]);
    await learner.observe(seen(TEAM), holds);
    expect(holds).toHaveBeenCalledWith(TEAM);
    expect((await learner.location())?.teamId).toBe(TEAM);
  });

  it('ignores other channels than Teams, activities without a team, and a missing channel id', async () => {
    const store = createMemoryTeamsChannelStore();
    const learner = createChannelLearner({ channelId: ESC, store, log });
    await learner.observe({ ...seen(ESC), channelId: 'webchat' }, async () => []);
    await learner.observe({ ...seen(ESC), channelData: {} }, async () => []);
    expect(await learner.location()).toBeUndefined();
    const none = createChannelLearner({ channelId: undefined, store, log });
    await none.observe(seen(ESC), async () => [ESC]);
    expect(await none.location()).toBeUndefined();
  });

  it('keeps what it learned in the SQLite file across store instances', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vpnbot-teams-')), 'vpnbot.sqlite');
    const location = {
      channelId: ESC,
      teamId: TEAM,
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      botId: '28:bot',
      learnedAt: 1,
    };
    await createSqliteTeamsChannelStore(file).put(location);
    await createSqliteTeamsChannelStore(file).put({ ...location, learnedAt: 2 });
    expect(await createSqliteTeamsChannelStore(file).get(ESC)).toEqual({ ...location, learnedAt: 2 });
    expect(await createSqliteTeamsChannelStore(file).get('19:nope')).toBeUndefined();
  });
});

describe('the queue target before it can post', () => {
  const target = (channelId: string | undefined, serviceUrl?: string) => {
    const store = createMemoryTeamsChannelStore();
    if (serviceUrl && channelId)
      void store.put({ channelId, teamId: TEAM, serviceUrl, botId: '28:bot', learnedAt: 0 });
    const learner = createChannelLearner({ channelId, store, log });
    const adapter = vi.fn(async () => {
      throw new Error('botbuilder must not be reached');
    });
    return createTeamsQueueTarget({ learner, adapter, localMode: true, phrases: {}, log });
  };
  const c = aCase();
  const card = { blocks: [], actions: [], summary: 'x' };

  it('says what to do when the channel is not learned yet, or is no channel id', async () => {
    await expect(target(ESC).post(c, card)).rejects.toThrow(
      `add the bot to the team of ESCALATION_TEAMS_CHANNEL (${ESC}) first`,
    );
    await expect(target(undefined).post(c, card)).rejects.toThrow(/is not a Teams channel id/);
  });

  it('in local mode never calls a serviceUrl that is not on this machine', async () => {
    await expect(target(ESC, 'https://smba.trafficmanager.net/emea/').post(c, card)).rejects.toThrow(
      /loopback/,
    );
    const ref = {
      serviceUrl: 'https://evil.example/',
      conversationId: `${ESC};messageid=1`,
      activityId: '1',
      channelId: ESC,
    };
    await expect(target(ESC).relay(c, ref, [])).rejects.toThrow(/loopback/);
  });
});

describe('messages in a case thread', () => {
  it('relays lines labelled and escaped, cut into several messages only for a long backlog', () => {
    const [one, ...rest] = relayMessages(
      [
        { seq: 1, at: 0, from: 'user', text: '[click](https://evil.example) <at>everyone</at> # big' },
        { seq: 2, at: 0, from: 'agent', name: 'Sam *R*', via: 'console', text: 'ok' },
      ],
      { 'case.userSaid': 'User' },
    );
    expect(rest).toEqual([]);
    expect(one?.textFormat).toBe('markdown');
    expect(one?.text).toBe(
      '**User:** \\[click\\]\\(https://evil.example) <\u200Bat>everyone<\u200B/at> # big\n\n**Sam \\*R\\*:** ok',
    );
    const many = Array.from({ length: 20 }, (_, i) => ({
      seq: i,
      at: 0,
      from: 'user' as const,
      text: 'x'.repeat(1900),
    }));
    expect(relayMessages(many, {}).length).toBeGreaterThan(1);
  });

  it('offers a valid close form whose press carries the note', () => {
    const form = closeNoteForm(aCase(), {});
    const [card] = cardsOf({ conversationId: 'c', activity: form as unknown as Record<string, unknown> });
    expect(validateAdaptiveCard(must(card))).toEqual([]);
    expect(JSON.stringify(card)).toContain('"command":"case.closeWithNote","arg":"VPN-ABC234"');
    expect(noteOf({ vpnbot: {}, note: '  Fixed\u0000 it  ' })).toBe('Fixed it');
    expect(noteOf({ vpnbot: {} })).toBe('');
    expect(noteOf('note')).toBe('');
  });

  it('knows case commands and names agents as Teams does', () => {
    expect(isCaseCommand({ type: 'command', command: 'case.claim', arg: 'x' })).toBe(true);
    expect(isCaseCommand({ type: 'command', command: 'case.closeWithNote' })).toBe(true);
    expect(isCaseCommand({ type: 'command', command: 'code', arg: '721' })).toBe(false);
    expect(isCaseCommand(undefined)).toBe(false);
    expect(agentOf({ id: '29:a', name: 'Ana', aadObjectId: 'aad-a' }, {})).toEqual({
      id: 'aad-a',
      name: 'Ana',
      via: 'teams',
    });
    expect(agentOf({ id: '29:a' }, { 'handoff.someone': 'Someone' })).toEqual({
      id: '29:a',
      name: 'Someone',
      via: 'teams',
    });
    expect(agentOf(undefined, {})).toBeUndefined();
  });
});
