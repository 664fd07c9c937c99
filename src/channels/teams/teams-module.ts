// Teams and other Bot Framework channels on the channel contract: /api/messages, replies later, the queue channel.
import { channelModule } from '../channel.ts';
import { type TeamsSettings, teamsSettings } from './teams-settings.ts';

/** Teams: local mode (loopback only) without MicrosoftAppId; off in production without credentials. */
export const teamsModule = channelModule<TeamsSettings>({
  name: 'teams',
  label: 'Teams',
  settings: teamsSettings,
  async create({ settings, config, bot, store, stores, log, handoffs }) {
    const [{ createTeamsChannel }, { BOT_FRAMEWORK_USER_CHANNEL, TEAMS_USER_CHANNEL }] = await Promise.all([
      import('./teams-channel.ts'),
      import('./teams-user-channel.ts'),
    ]);
    const queueChannel = handoffs ? settings.queueChannel : undefined;
    const teams = createTeamsChannel({
      settings,
      production: config.production,
      bot,
      store,
      log,
      channelStore: queueChannel ? stores.teamsChannels : undefined,
    });
    if (handoffs && settings.handoffEvent) teams.initiateHandoffs(handoffs);
    return {
      name: 'teams',
      router: teams.router,
      users: { [TEAMS_USER_CHANNEL]: teams.users, [BOT_FRAMEWORK_USER_CHANNEL]: teams.users },
      queue: handoffs && queueChannel ? teams.serveQueue(handoffs, queueChannel) : undefined,
    };
  },
});
