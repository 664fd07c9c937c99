// The Slack channel on the channel contract: bolt's events route, DMs to users, the agents' queue channel.
import type { HandoffService } from '../../app/handoff-contracts.ts';
import { type Channel, channelModule } from '../channel.ts';
import type { SlackChannel } from './create-slack-channel.ts';
import { type SlackSettings, slackSettings } from './slack-settings.ts';

/** A built Slack channel as the server mounts it; with handoffs and ESCALATION_SLACK_CHANNEL it serves the queue. */
export function slackAsChannel(
  slack: SlackChannel,
  settings: SlackSettings,
  handoffs?: HandoffService,
): Channel {
  return {
    name: 'slack',
    router: slack.router,
    users: { slack: slack.users },
    queue: handoffs && settings.queueChannel ? slack.serveQueue(handoffs, settings.queueChannel) : undefined,
    start: slack.start,
    stop: slack.stop,
  };
}

/** Slack: on with SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET; bolt is loaded only then. */
export const slackModule = channelModule<SlackSettings>({
  name: 'slack',
  label: 'Slack',
  settings: slackSettings,
  async create({ settings, bot, log, handoffs }) {
    const { createSlackChannel } = await import('./create-slack-channel.ts');
    return slackAsChannel(createSlackChannel({ bot, log, settings }), settings, handoffs);
  },
});
