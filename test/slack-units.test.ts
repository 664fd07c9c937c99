// The Slack channel's small pure parts: reading Slack markup, mentions, answered cards, the Home tab and Socket Mode.

import { describe, expect, it } from 'vitest';
import { composeBot } from '../src/app/compose.ts';
import { createLogger } from '../src/app/logger.ts';
import { settingsOf } from '../src/channels/channel.ts';
import { createSlackChannel } from '../src/channels/slack/create-slack-channel.ts';
import { homeView } from '../src/channels/slack/home-tab.ts';
import { fromSlackText, isSlackUserId, withoutMention } from '../src/channels/slack/slack-markup.ts';
import { answeredMessage, lookupMessage, sharedLookupMessage } from '../src/channels/slack/slack-messages.ts';
import { slackAsChannel, slackModule } from '../src/channels/slack/slack-module.ts';
import { slackText } from '../src/channels/slack/slack-texts.ts';
import { conversationKey } from '../src/channels/slack/slack-turns.ts';
import { loadConfig } from '../src/config.ts';
import { loadPhrases } from '../src/content/load-phrases.ts';
import { checkBlockKitLimits } from '../src/render/block-kit-limits.ts';
import { createApp } from '../src/server.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';

const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 'secret', LOG_LEVEL: 'silent' });
const { bot, store } = composeBot(config, { store: createSqliteStore(':memory:') });

describe('fromSlackText', () => {
  it('reads mentions, channels, links and entities as the plain words a person sees', () => {
    expect(fromSlackText('<@U123|ann> says <!here> in <#C1|vpn> &lt;b&gt; &amp;lt;')).toBe(
      '@ann says @here in #vpn <b> &lt;',
    );
    expect(fromSlackText('see <https://x.test/a|the page> or <https://y.test>')).toBe(
      'see the page or https://y.test',
    );
    expect(fromSlackText('<@U123> <!channel> <!subteam^S1|@it-team> <!date^1^{date}|Jan 1>')).toBe(
      '@U123 @channel @it-team Jan 1',
    );
    expect(fromSlackText('error 721')).toBe('error 721');
  });

  it('strips the bot mention from an app_mention', () => {
    expect(withoutMention('<@U0BOT> error 721', 'U0BOT')).toBe('error 721');
    expect(withoutMention('hey <@U0BOT|vpnbot>, 721', 'U0BOT')).toBe('hey , 721');
    expect(withoutMention('<@U0BOT> help', undefined)).toBe('help');
    expect(withoutMention('<@U0BOT>', 'U0BOT')).toBe('');
  });

  it('accepts only real Slack user ids for mentions the bot writes', () => {
    expect(isSlackUserId('U0TECH')).toBe(true);
    expect(isSlackUserId('W12AB')).toBe(true);
    expect(isSlackUserId('!channel')).toBe(false);
    expect(isSlackUserId('U1> <!channel')).toBe(false);
  });
});

describe('Slack messages', () => {
  it("takes a Slack-only sentence from cards/phrases.yaml, and an admin's own wording when they change it", () => {
    const shipped = loadPhrases();
    expect(slackText(shipped, 'slack.share')).toBe('Share in channel');
    expect(slackText({ ...shipped, 'slack.share': 'Post for all' }, 'slack.share')).toBe('Post for all');
    expect(slackText(shipped, 'slack.sharedBy', { user: '<@U1>' })).toBe('Shared by <@U1>');
  });

  it('keys a DM conversation by team and user', () => {
    expect(conversationKey('T1', 'U1')).toBe('slack:T1:U1');
    expect(conversationKey(undefined, 'U1')).toBe('slack:-:U1');
  });

  it('keeps /vpncode answers within Block Kit limits, however long the query', () => {
    for (const q of ['', '721', '785-793', 'gre', 'x'.repeat(5000), '<>&'.repeat(900)]) {
      expect(checkBlockKitLimits(lookupMessage(bot, q))).toEqual([]);
      expect(checkBlockKitLimits(sharedLookupMessage(bot, q, 'U0TECH'))).toEqual([]);
    }
  });

  it('names the sharer only by a valid user id', () => {
    const msg = sharedLookupMessage(bot, '721', '<!channel>');
    expect(JSON.stringify(msg)).not.toContain('<!channel>');
  });

  it('marks a pressed card answered without its buttons, and leaves unusable blocks alone', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'Q?' } },
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'Yes' } }],
      },
    ];
    const answered = answeredMessage(blocks, 'Yes <!channel>', 'Q?');
    expect(answered?.blocks).toEqual([
      blocks[0],
      { type: 'context', elements: [{ type: 'plain_text', text: '✓ Yes <!channel>', emoji: true }] },
    ]);
    expect(answeredMessage([blocks[0]], 'Yes', 'Q?')).toBeUndefined();
    expect(answeredMessage('nope', 'Yes', 'Q?')).toBeUndefined();
    expect(answeredMessage([1, 2], 'Yes', 'Q?')).toBeUndefined();
  });

  it('builds a Home tab within the limits, with hours even when no contact is configured', () => {
    const view = homeView(bot);
    expect(view.type).toBe('home');
    expect(checkBlockKitLimits({ blocks: view.blocks })).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain(config.deskHoursText);
    const tokyo = { ...bot, config: { ...bot.config, desk: { ...bot.config.desk, timeZone: 'Asia/Tokyo' } } };
    expect(JSON.stringify(homeView(tokyo).blocks)).toContain(`${config.deskHoursText} (Tokyo time)`);
  });
});

describe('Socket Mode', () => {
  it('uses no HTTP route when SLACK_APP_TOKEN is set', async () => {
    const socketConfig = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-x',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_APP_TOKEN: 'xapp-x',
      LOG_LEVEL: 'silent',
    });
    const channel = createSlackChannel({
      bot,
      log: createLogger('silent'),
      settings: settingsOf(socketConfig, slackModule) ?? { botToken: '', signingSecret: '' },
    });
    expect(channel.mode).toBe('socket');
    expect(channel.router).toBeUndefined();
    const { app } = await createApp({
      config: socketConfig,
      bot,
      store,
      log: createLogger('silent'),
      channels: { slack: slackAsChannel(channel, { botToken: 'xoxb-x', signingSecret: 'secret' }) },
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    server.close();
  });

  it('is off when the Slack variables are not set: /slack/events is not found, where with them it wants a signature', async () => {
    const statusOf = async (env: Record<string, string>) => {
      const { app } = await createApp({
        config: loadConfig({ LOG_LEVEL: 'silent', ...env }),
        bot,
        store,
        log: createLogger('silent'),
      });
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const { port } = server.address() as { port: number };
        const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '{}' });
        return res.status;
      } finally {
        server.close();
      }
    };
    expect(await statusOf({})).toBe(404);
    expect(await statusOf({ SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 'secret' })).toBe(401);
  });
});
