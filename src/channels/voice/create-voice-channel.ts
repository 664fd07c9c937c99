// Builds the voice line: Twilio's call webhooks under /voice, the triage said aloud, transfers and messages for the desk.
import type { Router } from 'express';
import type { Bot } from '../../app/create-bot.ts';
import type { HandoffService, UserChannel } from '../../app/handoff-contracts.ts';
import type { Logger } from '../../app/logger.ts';
import type { ConversationStore } from '../../store/conversation-store.ts';
import type { OptOutStore } from '../../store/opt-out-store.ts';
import { createVoiceRouter } from './voice-router.ts';
import type { VoiceSettings } from './voice-settings.ts';
import { createVoiceTurns } from './voice-turns.ts';

/** What the voice line is built from. */
export interface VoiceChannelDeps {
  /** The line's settings (voice-settings.ts), when they turn it on. */
  settings: VoiceSettings;
  /** PUBLIC_BASE_URL without a trailing slash: the signed URL is this plus the path called. */
  publicBaseUrl: string;
  /** TWILIO_AUTH_TOKEN: the same signature check as /sms. */
  authToken: string;
  bot: Bot;
  store: ConversationStore;
  optOuts: OptOutStore;
  handoffs?: HandoffService;
  /**
   * The SMS user channel: texts replies to { number } (and drops them for numbers that opted out); or a getter for
   * it, read each time it is used (the SMS channel may be built after this one).
   */
  textUser?: UserChannel | (() => UserChannel | undefined);
  log: Logger;
  now?: () => number;
}

/** A built voice line: mount `router`; register `userChannel` as the 'voice' user channel of the handoff service. */
export interface VoiceChannel {
  router: Router;
  /**
   * How an agent's messages and case news reach a caller after the call: by SMS through `textUser`, or (without
   * it) logged and dropped, so they never wait in the outbox for a channel that cannot carry them.
   */
  userChannel: UserChannel;
}

/** The voice line; build it only when its settings turn it on. */
export function createVoiceChannel(deps: VoiceChannelDeps): VoiceChannel {
  const now = deps.now ?? Date.now;
  const given = deps.textUser;
  const textUser = typeof given === 'function' ? given : () => given;
  const turns = createVoiceTurns({
    bot: deps.bot,
    store: deps.store,
    optOuts: deps.optOuts,
    handoffs: deps.handoffs,
    textUser,
    settings: deps.settings,
    log: deps.log,
    now,
  });
  const base = deps.publicBaseUrl.replace(/\/+$/, '');
  const router = createVoiceRouter({
    authToken: deps.authToken,
    publicBaseUrl: base,
    turns,
    store: deps.store,
    phrases: deps.bot.content.phrases,
    speaking: { language: deps.settings.language, voice: deps.settings.voice, base },
    log: deps.log,
    now,
  });
  const userChannel: UserChannel = {
    async send(address, replies) {
      const sms = textUser();
      if (sms) return sms.send(address, replies);
      deps.log.info('voice: a message for a caller was dropped (no SMS to reach them)');
    },
  };
  return { router, userChannel };
}
