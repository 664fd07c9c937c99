// The channel contract: what every channel is given, what it gives back, and how a channel folder declares itself.
import type { Router } from 'express';
import type { Bot } from '../app/create-bot.ts';
import type { HandoffService, QueueTarget, UserChannel } from '../app/handoff-contracts.ts';
import type { Logger } from '../app/logger.ts';
import type { Config } from '../config-types.ts';
import type { ChannelStores } from '../store/channel-stores.ts';
import type { ConversationStore } from '../store/conversation-store.ts';
import type { Mailbox, Outbox, StatsStore } from '../store/handoff-store.ts';
import type { ChannelSettings } from './channel-settings.ts';

/** Everything a channel is built from; it never opens a store or reads the environment itself. */
export interface ChannelContext<S = unknown> {
  /** This channel's own settings, as its `settings.read` returned them. */
  settings: S;
  /** The shared configuration (the org, desk hours, escalation, PUBLIC_BASE_URL, production or not). */
  config: Config;
  bot: Bot;
  store: ConversationStore;
  stores: ChannelStores;
  log: Logger;
  /** The handoff service, when the bot has one (agents, queues and case news). */
  handoffs?: HandoffService;
  mailbox?: Mailbox;
  stats?: StatsStore;
  outbox?: Outbox;
  /** Another channel's way of reaching its users (the voice line texts steps through 'sms'); read when used. */
  userChannel(name: string): UserChannel | undefined;
}

/** A built channel, as the server mounts it. */
export interface Channel {
  name: string;
  /** Its HTTP routes on the one server. */
  router?: Router;
  /** How to reach its users later (handoff notices, reminders), by the `UserRef.channel` names it answers for. */
  users?: Record<string, UserChannel>;
  /** The agents' queue it serves, added to the handoff service. */
  queue?: QueueTarget;
  /** Connects what runs beside HTTP (Slack's Socket Mode); failures are logged, not thrown. */
  start?(): Promise<void>;
  /** Disconnects and closes what `start` or the channel opened. */
  stop?(): Promise<void>;
}

/** A channel folder's declaration: its name, its settings, and how to build it (loading its code only then). */
export interface ChannelModule<S = unknown> {
  /** The name used in logs and `vpnbot config` ("Teams", "SMS"). */
  label: string;
  name: string;
  settings: ChannelSettings<S>;
  /** Builds the channel; undefined when it has nothing to serve in this context (the console without handoffs). */
  create(context: ChannelContext<S>): Promise<Channel | undefined>;
}

/** Declares a channel module, keeping its settings type for `create`. */
export const channelModule = <S>(module: ChannelModule<S>): ChannelModule<S> => module;

/** The settings `module` read from `config`, or undefined when that channel is off. */
export function settingsOf<S>(config: Config, module: ChannelModule<S>): S | undefined {
  return config.channels[module.name]?.settings as S | undefined;
}
