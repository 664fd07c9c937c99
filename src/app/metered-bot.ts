// Counts and times every user turn in one place, around the Bot the channels share (docs/operations.md, "Metrics").
import { BadDataError, StoreUnavailableError } from '../store/conversation-store.ts';
import type { Bot, BotTurn } from './create-bot.ts';
import { channelOf, type Metrics, type TurnOutcome } from './metrics.ts';

const outcomeOf = (err: unknown): TurnOutcome => {
  if (err instanceof StoreUnavailableError) return 'store_down';
  if (err instanceof BadDataError) return 'bad_data';
  return 'error';
};

/** The same bot, whose `handle` and `readPicture` count turns by channel and outcome and time them. */
export function meterBot(bot: Bot, metrics: Metrics): Bot {
  const metered = async (key: string, turn: () => Promise<BotTurn>): Promise<BotTurn> => {
    const channel = channelOf(key);
    const done = metrics.turnSeconds.startTimer({ channel });
    try {
      const result = await turn();
      metrics.turns.inc({ channel, outcome: result.duplicate ? 'duplicate' : 'answered' });
      return result;
    } catch (err) {
      const outcome = outcomeOf(err);
      metrics.turns.inc({ channel, outcome });
      if (outcome === 'store_down') metrics.storeErrors.inc({ kind: 'unavailable' });
      if (outcome === 'bad_data') metrics.storeErrors.inc({ kind: 'bad_data' });
      throw err;
    } finally {
      done();
    }
  };
  return {
    ...bot,
    handle: (key, input, messageId, from) => metered(key, () => bot.handle(key, input, messageId, from)),
    readPicture: (key, image, messageId, from) =>
      metered(key, () => bot.readPicture(key, image, messageId, from)),
  };
}
