// Which channels a configuration turns on, and the setting that decides it, for the start-up log and `vpnbot config`.
import type { Config } from '../config.ts';

/** One channel's state: `on` when its route is served, and why, naming the setting an operator would change. */
export interface ChannelStatus {
  channel: 'Teams' | 'Slack' | 'SMS' | 'web chat';
  on: boolean;
  why: string;
}

/**
 * Why the Bot Framework endpoint is not served, or undefined when it is: in production it needs MicrosoftAppId and
 * MicrosoftAppPassword (not the password with UserAssignedMSI), since local mode there would trust anyone.
 */
export function teamsOffReason(config: Config): string | undefined {
  if (!config.production) return undefined;
  if (!config.teams.appId) return 'MicrosoftAppId unset (required with NODE_ENV=production)';
  if (!config.teams.appPassword && config.teams.appType !== 'UserAssignedMSI')
    return 'MicrosoftAppPassword unset (required with NODE_ENV=production)';
  return undefined;
}

function teams(config: Config): ChannelStatus {
  const off = teamsOffReason(config);
  if (off) {
    const queue = config.escalation.teamsChannel
      ? '; cases for ESCALATION_TEAMS_CHANNEL cannot be posted'
      : '';
    return { channel: 'Teams', on: false, why: `${off}${queue}` };
  }
  if (!config.teams.appId)
    return {
      channel: 'Teams',
      on: true,
      why: 'local mode, loopback callers only (Emulator, Agents Playground): MicrosoftAppId unset',
    };
  return { channel: 'Teams', on: true, why: 'MicrosoftAppId set: Bot Framework tokens are checked' };
}

function slack(config: Config): ChannelStatus {
  if (!config.slack)
    return { channel: 'Slack', on: false, why: 'SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET unset' };
  return {
    channel: 'Slack',
    on: true,
    why: config.slack.appToken
      ? 'Socket Mode (SLACK_APP_TOKEN set)'
      : 'SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET set: events at /slack/events',
  };
}

function sms(config: Config): ChannelStatus {
  if (!config.sms) return { channel: 'SMS', on: false, why: 'TWILIO_AUTH_TOKEN unset' };
  const outbound = config.sms.accountSid && config.sms.fromNumber;
  return {
    channel: 'SMS',
    on: true,
    why: outbound
      ? 'TWILIO_AUTH_TOKEN set: webhook at /sms'
      : 'TWILIO_AUTH_TOKEN set: webhook at /sms; agents cannot text back until TWILIO_ACCOUNT_SID and TWILIO_FROM_NUMBER are set',
  };
}

function web(config: Config): ChannelStatus {
  const why = {
    on: 'WEB_CHAT=on: anyone who can reach the port',
    local: 'this machine only (WEB_CHAT=local, the default with NODE_ENV=production)',
    off: 'WEB_CHAT=off',
  }[config.webChat];
  if (config.webChat === 'on' && !config.production)
    return { channel: 'web chat', on: true, why: 'anyone who can reach the port (WEB_CHAT unset or on)' };
  return { channel: 'web chat', on: config.webChat !== 'off', why };
}

/** The state of every channel, Teams, Slack, SMS and the web chat, in that order. */
export function channelStatuses(config: Config): ChannelStatus[] {
  return [teams(config), slack(config), sms(config), web(config)];
}
