// The agent console on the channel contract: agents' page and API at /agent, served whenever there are handoffs.
import * as z from 'zod';
import { channelModule } from '../channel.ts';
import { channelSettings } from '../channel-settings.ts';

/** Its sign-in settings (AGENT_CONSOLE_TOKEN, AGENT_TOKENS, …) are the escalation part of the shared config. */
const consoleSettings = channelSettings({
  schema: z.object({}),
  read: () => ({
    settings: {},
    why: 'at /agent: AGENT_TOKENS or AGENT_CONSOLE_TOKEN, else this machine only',
  }),
});

/** The agent console: built only when the bot has a handoff service. */
export const consoleModule = channelModule<object>({
  name: 'console',
  label: 'agent console',
  settings: consoleSettings,
  async create({ config, bot, log, handoffs, stats, outbox }) {
    if (!handoffs) return undefined;
    const { createAgentConsoleRouter } = await import('./agent-console-router.ts');
    const router = createAgentConsoleRouter({
      handoffs,
      phrases: bot.content.phrases,
      token: config.escalation.consoleToken,
      signIn: config.escalation.agentSignIn,
      stats,
      outbox,
      log,
    });
    return { name: 'console', router };
  },
});
