// The Slack channel's settings: the app's tokens, Socket Mode, the API address, and the agents' queue channel.
import * as z from 'zod';
import { optionalText, optionalUrl } from '../../config-fields.ts';
import { channelSettings, type SettingsReading } from '../channel-settings.ts';

/** Slack credentials (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET; SLACK_APP_TOKEN for Socket Mode) and the queue channel. */
export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  appToken?: string;
  apiUrl?: string;
  queueChannel?: string;
}

const schema = z.object({
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalUrl,
  ESCALATION_SLACK_CHANNEL: optionalText,
});

/** On when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are both set; one without the other is a mistake. */
export const slackSettings = channelSettings({
  schema,
  read(e): SettingsReading<SlackSettings> {
    const problems: string[] = [];
    if (Boolean(e.SLACK_BOT_TOKEN) !== Boolean(e.SLACK_SIGNING_SECRET))
      problems.push('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET: set both to turn Slack on, or neither');
    if (e.SLACK_APP_TOKEN && !e.SLACK_BOT_TOKEN)
      problems.push('SLACK_APP_TOKEN: Socket Mode also needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
    if (!e.SLACK_BOT_TOKEN || !e.SLACK_SIGNING_SECRET)
      return { why: 'SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET unset', problems };
    const settings: SlackSettings = {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      queueChannel: e.ESCALATION_SLACK_CHANNEL,
    };
    return {
      settings,
      why: settings.appToken
        ? 'Socket Mode (SLACK_APP_TOKEN set)'
        : 'SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET set: events at /slack/events',
      problems,
    };
  },
});
