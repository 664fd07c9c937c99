// Every channel the bot can serve, in the order their routes are mounted. Adding a channel: its folder, and a line here.
import type { ChannelModule } from './channel.ts';
import { consoleModule } from './console/console-module.ts';
import { slackModule } from './slack/slack-module.ts';
import { smsModule } from './sms/sms-module.ts';
import { teamsModule } from './teams/teams-module.ts';
import { voiceModule } from './voice/voice-module.ts';
import { webModule } from './web/web-module.ts';

/** The channels, each declared by its folder; a channel whose settings leave it off is not built. */
export const CHANNELS: readonly ChannelModule<unknown>[] = [
  teamsModule,
  slackModule,
  smsModule,
  voiceModule,
  webModule,
  consoleModule,
];
