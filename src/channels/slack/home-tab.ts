// The App Home tab: what the bot does, the two ways in, and the help desk's hours and contact.
import type { App } from '@slack/bolt';
import type { Bot } from '../../app/create-bot.ts';
import { zoneName } from '../../core/business-hours.ts';
import type { Card } from '../../core/card.ts';
import { say } from '../../core/phrases.ts';
import { renderBlockKit } from '../../render/block-kit.ts';
import { type SlackBotEvent, VPNCODE_COMMAND } from './slack-contract.ts';
import type { SlackDeps } from './slack-deps.ts';
import { slackBlocks } from './slack-messages.ts';
import { slackText } from './slack-texts.ts';
import { deliver } from './slack-turns.ts';

/** The Home tab as a card: its buttons are the greeting's (start, look up), pressed like any engine button. */
export function homeCard(bot: Bot): Card {
  const p = bot.content.phrases;
  const { config } = bot;
  const facts = [
    {
      label: slackText(p, 'slack.home.hours'),
      value: `${config.deskHoursText} (${slackText(p, 'slack.home.zone', { zone: zoneName(config.desk.timeZone) })})`,
    },
  ];
  if (config.org.helpdesk)
    facts.push({ label: slackText(p, 'slack.home.contact'), value: config.org.helpdesk });
  const what = slackText(p, 'slack.home.what');
  return {
    title: slackText(p, 'slack.home.title'),
    tone: 'info',
    blocks: [
      { kind: 'text', text: what },
      { kind: 'text', text: slackText(p, 'slack.home.where'), muted: true },
      { kind: 'facts', items: facts },
      { kind: 'text', text: slackText(p, 'slack.home.techs', { command: VPNCODE_COMMAND }), muted: true },
    ],
    actions: [
      { label: say(p, 'greet.start'), data: { type: 'command', command: 'start' }, style: 'primary' },
      { label: say(p, 'greet.lookup'), data: { type: 'command', command: 'lookup' } },
    ],
    summary: what,
  };
}

/** The view views.publish puts on a person's Home tab. */
export function homeView(bot: Bot): { type: 'home'; blocks: ReturnType<typeof slackBlocks> } {
  return { type: 'home', blocks: slackBlocks(renderBlockKit({ kind: 'card', card: homeCard(bot) }).blocks) };
}

/** Registers app_home_opened: publishes the Home tab whenever someone opens it; returns the event used. */
export function registerHomeTab(app: App, deps: SlackDeps): SlackBotEvent {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await deliver(deps, 'home tab', () =>
      client.views.publish({ user_id: event.user, view: homeView(deps.bot) }),
    );
  });
  return 'app_home_opened';
}
