// How the user of a conversation picks an answer, told by the channel its key belongs to.
import { usesAdaptiveCards } from '../channels/teams/render-for-channel.ts';
import type { Answering } from '../core/engine-context.ts';

/**
 * How the user of conversation `key` answers: `tap` where choices are buttons (`web:`, `teams:`, `slack:`, and
 * Bot Framework channels that show Adaptive Cards), `number` where they are numbered text or keys (`sms:`, `voice:`, the terminal's
 * `console:`, and every other Bot Framework channel, e.g. `bf:sms:`). Undefined for a key of no known channel.
 */
export function answeringOf(key: string): Answering | undefined {
  const [channel, botFrameworkChannel] = key.split(':');
  switch (channel) {
    case 'web':
    case 'teams':
    case 'slack':
      return 'tap';
    case 'sms':
    case 'voice':
    case 'console':
      return 'number';
    case 'bf':
      return usesAdaptiveCards(botFrameworkChannel) ? 'tap' : 'number';
    default:
      return undefined;
  }
}
