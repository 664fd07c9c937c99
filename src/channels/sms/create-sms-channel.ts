// Builds the SMS channel from its settings: the /sms webhook, and (with an account SID) outbound SMS.
import type { Router } from 'express';
import type { Bot } from '../../app/create-bot.ts';
import type { HandoffService, UserChannel } from '../../app/handoff-contracts.ts';
import type { Logger } from '../../app/logger.ts';
import type { ConversationStore } from '../../store/conversation-store.ts';
import type { OptOutStore } from '../../store/opt-out-store.ts';
import { createMediaFetcher } from './sms-media.ts';
import { createSmsRestClient } from './sms-rest-client.ts';
import { createSmsRouter } from './sms-router.ts';
import type { SmsSettings } from './sms-settings.ts';
import { createSmsTurns } from './sms-turns.ts';
import { createSmsUserChannel } from './sms-user-channel.ts';

/** A built SMS channel: mount `router`; register `userChannel` (when present) as the 'sms' user channel. */
export interface SmsChannel {
  router: Router;
  /** Sends agent messages and case news by SMS; undefined without TWILIO_ACCOUNT_SID. */
  userChannel?: UserChannel;
}

/** What the channel is built from; `fetch` defaults to the global one. */
export interface SmsChannelDeps {
  settings: SmsSettings;
  bot: Bot;
  store: ConversationStore;
  optOuts: OptOutStore;
  log: Logger;
  handoffs?: HandoffService;
  fetch?: typeof fetch;
}

/** The SMS channel: the signed /sms webhook, and texting users back when TWILIO_ACCOUNT_SID is set. */
export function createSmsChannel(deps: SmsChannelDeps): SmsChannel {
  const { settings: sms, bot, store, optOuts, log, handoffs } = deps;
  const fetchMedia = createMediaFetcher({
    apiUrl: sms.apiUrl,
    accountSid: sms.accountSid,
    authToken: sms.authToken,
  });
  const turns = createSmsTurns({ bot, store, optOuts, handoffs, fetchMedia, log });
  const router = createSmsRouter({
    authToken: sms.authToken,
    publicBaseUrl: sms.publicBaseUrl,
    turns,
    phrases: bot.content.phrases,
    unavailableText: () => bot.unavailableText(),
    log,
  });
  const userChannel = sms.accountSid
    ? createSmsUserChannel({
        send: createSmsRestClient({
          apiUrl: sms.apiUrl,
          accountSid: sms.accountSid,
          authToken: sms.authToken,
          fetch: deps.fetch,
        }),
        fromNumber: sms.fromNumber,
        optOuts,
        log,
      })
    : undefined;
  if (!userChannel)
    log.warn('sms: TWILIO_ACCOUNT_SID is not set, so agents cannot text users back during a handoff');
  return { router, userChannel };
}
