// What every part of the Slack channel is built from.
import type { Bot } from '../../app/create-bot.ts';
import type { Logger } from '../../app/logger.ts';

/** The bot the channel adapts to Slack, and the log it writes to. */
export interface SlackDeps {
  bot: Bot;
  log: Logger;
}
