// Which channels a configuration turns on, and the setting that decides it, for the start-up log and `vpnbot config`.
import type { Config } from '../config-types.ts';
import { CHANNELS } from './channel-list.ts';

/** One channel's state: `on` when it is built and served, and why, naming the setting an operator would change. */
export interface ChannelStatus {
  channel: string;
  on: boolean;
  why: string;
}

/** The state of every channel, in the order they are mounted. */
export function channelStatuses(config: Config): ChannelStatus[] {
  return CHANNELS.map(({ name, label }) => {
    const reading = config.channels[name];
    return {
      channel: label,
      on: reading?.on ?? reading?.settings !== undefined,
      why: reading?.why ?? 'not configured',
    };
  });
}
