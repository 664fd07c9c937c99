// The Teams channel's pure parts: local-mode checks, conversation keys, command reading, per-channel rendering.
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/app/logger.ts';
import { settingsOf } from '../src/channels/channel.ts';
import { conversationOf, messageKey } from '../src/channels/teams/conversation-key.ts';
import { isLoopbackAddress, isLoopbackUrl } from '../src/channels/teams/local-mode.ts';
import { readExtensionQuery } from '../src/channels/teams/message-extension.ts';
import { renderForChannel, usesAdaptiveCards } from '../src/channels/teams/render-for-channel.ts';
import { parseTeamsCommand } from '../src/channels/teams/teams-command.ts';
import { teamsModule } from '../src/channels/teams/teams-module.ts';
import { createTeamsUserChannel, teamsUserRef } from '../src/channels/teams/teams-user-channel.ts';
import { startTyping } from '../src/channels/teams/typing-indicator.ts';
import { loadConfig } from '../src/config.ts';
import type { Card, Reply } from '../src/core/card.ts';
import { validateAdaptiveCard } from './helpers/validate-adaptive.ts';

describe('local mode', () => {
  it('knows loopback callers', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '[::1]'])
      expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['10.0.0.1', '192.168.1.5', '::ffff:10.0.0.1', 'fe80::1', '', undefined, '128.0.0.1'])
      expect(isLoopbackAddress(a)).toBe(false);
  });
  it('knows loopback serviceUrls', () => {
    for (const u of ['http://localhost:56150/_connector', 'http://127.0.0.1:3978/', 'https://[::1]:8080/x'])
      expect(isLoopbackUrl(u)).toBe(true);
    for (const u of [
      'https://smba.trafficmanager.net/amer/',
      'http://localhost.evil.com/',
      'http://evil.localhost/',
      'http://127.0.0.1@evil.com/',
      'http://a:b@localhost/',
      'ftp://localhost/',
      'not a url',
      42,
      undefined,
    ])
      expect(isLoopbackUrl(u)).toBe(false);
  });
});

describe('production', () => {
  it('starts without an app id (Teams is then off, test/production-channels.test.ts), and reads one when given', () => {
    const bare = loadConfig({ NODE_ENV: 'production' });
    expect(bare.production).toBe(true);
    expect(settingsOf(bare, teamsModule)).toBeUndefined();
    const withId = loadConfig({ NODE_ENV: 'production', MicrosoftAppId: 'x', MicrosoftAppPassword: 'p' });
    expect(settingsOf(withId, teamsModule)).toMatchObject({ appId: 'x', appPassword: 'p' });
  });
});

describe('reaching users later (handoff)', () => {
  const activity = {
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/amer/',
    conversation: { id: 'a:1', conversationType: 'personal', tenantId: 't' },
    recipient: { id: '28:bot', name: 'VPN Bot' },
    from: { id: '29:ada', name: 'Ada' },
  };
  it('keeps the conversation reference without the activity id', () => {
    const ref = teamsUserRef({ ...activity, id: 'f:1' } as never);
    expect(ref).toMatchObject({
      channel: 'teams',
      userName: 'Ada',
      address: { serviceUrl: activity.serviceUrl },
    });
    expect(JSON.stringify(ref)).not.toContain('f:1');
    expect(teamsUserRef({ ...activity, channelId: 'sms' })?.channel).toBe('botframework');
    expect(teamsUserRef({ channelId: 'msteams' })).toBeUndefined();
  });
  it('never sends to a non-loopback serviceUrl in local mode', async () => {
    let loaded = false;
    const users = createTeamsUserChannel(async () => {
      loaded = true;
      throw new Error('not reached');
    }, true);
    const address = teamsUserRef(activity)?.address;
    await expect(users.send(address, [{ kind: 'text', text: 'hi' }])).rejects.toThrow(/loopback/);
    await expect(users.send({ nonsense: true }, [{ kind: 'text', text: 'hi' }])).rejects.toThrow(/address/);
    expect(loaded).toBe(false);
  });
});

describe('conversation keys', () => {
  it('keys by the platform conversation id only, with the scope Teams names', () => {
    expect(
      conversationOf({ channelId: 'msteams', conversation: { id: 'a:1', conversationType: 'personal' } }),
    ).toEqual({
      key: 'teams:a:1',
      scope: 'personal',
    });
    expect(
      conversationOf({
        channelId: 'msteams',
        conversation: { id: '19:x;messageid=1', conversationType: 'channel' },
      })?.scope,
    ).toBe('channel');
    expect(
      conversationOf({ channelId: 'msteams', conversation: { id: '19:g', conversationType: 'groupChat' } })
        ?.scope,
    ).toBe('groupChat');
    expect(conversationOf({ channelId: 'sms', conversation: { id: '+1555' } })).toEqual({
      key: 'bf:sms:+1555',
      scope: 'personal',
    });
    expect(conversationOf({ channelId: 'webchat', conversation: { id: 'c', isGroup: true } })?.scope).toBe(
      'groupChat',
    );
    expect(conversationOf({ channelId: 'msteams', conversation: {} })).toBeUndefined();
    expect(conversationOf({ channelId: 'msteams', conversation: { id: 'x'.repeat(600) } })).toBeUndefined();
    expect(conversationOf({ channelId: 'a b', conversation: { id: 'x' } })).toBeUndefined();
    expect(messageKey('teams:a:1', 'f:9')).toBe('teams:a:1#f:9');
  });
});

describe('reading commands', () => {
  it('reads lookups in shared chats', () => {
    const lookups: [string, string][] = [
      ['vpncode 721', '721'],
      ['/vpncode gre', 'gre'],
      ['VPN code 809', '809'],
      ['code 721', '721'],
      ['721', '721'],
      ['error 721', 'error 721'],
      ['785-793', '785-793'],
      ['0x800B0109', '0x800B0109'],
      ['8O9', '8O9'],
      ['Error code: 809', 'Error code: 809'],
      ['-2146885613', '-2146885613'],
      ['help', ''],
      ['vpncode', ''],
    ];
    for (const [text, query] of lookups)
      expect(parseTeamsCommand(text, 'channel')).toEqual({ kind: 'lookup', query });
    expect(parseTeamsCommand('my vpn is broken', 'channel')).toEqual({
      kind: 'converse',
      text: 'my vpn is broken',
    });
    for (const text of ['my vpn says 721', 'lol', 'start over'])
      expect(parseTeamsCommand(text, 'groupChat').kind).toBe('converse');
  });
  it('leaves everything but vpncode to the engine in 1:1 chats', () => {
    expect(parseTeamsCommand('vpncode 721', 'personal')).toEqual({ kind: 'lookup', query: '721' });
    for (const text of ['721', 'code 721', 'help', 'start over', 'vpn not working'])
      expect(parseTeamsCommand(`  ${text} `, 'personal')).toEqual({ kind: 'converse', text });
  });
});

describe('message extension queries', () => {
  it('reads the typed text, the initial run and paging; anything malformed is an empty query', () => {
    expect(
      readExtensionQuery({ commandId: 'vpncode', parameters: [{ name: 'query', value: ' 721 ' }] }),
    ).toMatchObject({
      commandId: 'vpncode',
      text: '721',
      initialRun: false,
      skip: 0,
    });
    expect(readExtensionQuery({ parameters: [{ name: 'initialRun', value: 'true' }] })).toMatchObject({
      text: '',
      initialRun: true,
    });
    expect(readExtensionQuery({ queryOptions: { skip: 5, count: 999 } })).toMatchObject({
      skip: 5,
      count: 25,
    });
    expect(readExtensionQuery('nonsense')).toMatchObject({ commandId: '', text: '' });
  });
});

describe('rendering per channel', () => {
  const card: Card = {
    title: 'Is the internet working?',
    blocks: [{ kind: 'text', text: 'Open any website.' }],
    actions: [
      { label: 'Yes', data: { type: 'choice', node: 'internet', choice: 'yes', turn: 1 }, style: 'primary' },
      { label: 'No', data: { type: 'choice', node: 'internet', choice: 'no', turn: 1 } },
    ],
    summary: 'Is the internet working?',
  };
  const turn: Reply[] = [
    { kind: 'text', text: "Let's start." },
    { kind: 'card', card },
    { kind: 'card', card: { ...card, actions: [] } },
  ];

  it('puts a text and the cards after it into one Adaptive Card message on card channels', () => {
    expect(['msteams', 'webchat', 'directline', 'emulator'].every(usesAdaptiveCards)).toBe(true);
    const [message, ...rest] = renderForChannel(turn, 'msteams');
    expect(rest).toHaveLength(0);
    expect(message?.text).toBe("Let's start.");
    expect(message?.attachmentLayout).toBe('list');
    expect(message?.attachments).toHaveLength(2);
    for (const a of message?.attachments ?? []) {
      expect(a.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(validateAdaptiveCard(a.content)).toEqual([]);
    }
  });

  it('starts a new message for text after a card, and gives card-only messages a summary', () => {
    const out = renderForChannel(
      [
        { kind: 'card', card },
        { kind: 'text', text: 'Then this.' },
      ],
      'webchat',
    );
    expect(out).toHaveLength(2);
    expect(out[0]?.summary).toBe('Is the internet working?');
    expect(out[1]?.text).toBe('Then this.');
  });

  it('renders the whole turn as one text with numbered choices elsewhere', () => {
    for (const channel of ['sms', 'slack', 'telegram', undefined]) {
      const out = renderForChannel(turn, channel);
      expect(out).toHaveLength(1);
      expect(out[0]?.attachments).toBeUndefined();
      expect(out[0]?.text).toContain("Let's start.");
      expect(out[0]?.text).toContain('Reply 1 Yes, 2 No');
    }
    expect(renderForChannel([], 'msteams')).toEqual([]);
  });
});

describe('typing indicator', () => {
  it('stays silent for quick turns, shows after the delay, renews while work goes on', async () => {
    vi.useFakeTimers();
    try {
      const log = createLogger('silent');
      const sent: number[] = [];
      const send = async () => void sent.push(Date.now());
      const quick = startTyping(send, log, 250);
      await vi.advanceTimersByTimeAsync(100);
      await quick.stop();
      await vi.advanceTimersByTimeAsync(5000);
      expect(sent).toHaveLength(0);

      const slow = startTyping(send, log, 250);
      await vi.advanceTimersByTimeAsync(3000);
      expect(sent).toHaveLength(2);
      await slow.stop();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(sent).toHaveLength(2);

      const failing = startTyping(() => Promise.reject(new Error('connector down')), log, 0);
      await vi.advanceTimersByTimeAsync(10);
      await expect(failing.stop()).resolves.toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
