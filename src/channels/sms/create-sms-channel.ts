// Builds the SMS channel from config: the /sms webhook, the opt-out list, and (with an account SID) outbound SMS.
import { join } from 'node:path';
import type { Router } from 'express';
import type { Bot } from '../../app/create-bot.ts';
import type { HandoffService, UserChannel } from '../../app/handoff-contracts.ts';
import type { Logger } from '../../app/logger.ts';
import type { Config } from '../../config.ts';
import type { ConversationStore } from '../../store/conversation-store.ts';
import type { OptOutStore } from '../../store/opt-out-store.ts';
import { createPgOptOutStoreAt } from '../../store/pg-opt-out-store.ts';
import { createSqliteOptOutStore } from '../../store/sqlite-opt-out-store.ts';
import { createMediaFetcher } from './sms-media.ts';
import { createSmsRestClient } from './sms-rest-client.ts';
import { createSmsRouter } from './sms-router.ts';
import { createSmsTurns } from './sms-turns.ts';
import { createSmsUserChannel } from './sms-user-channel.ts';

/** A built SMS channel: mount `router`; register `userChannel` (when present) as the 'sms' user channel. */
export interface SmsChannel {
  router: Router;
  /** Sends agent messages and case news by SMS; undefined without TWILIO_ACCOUNT_SID. */
  userChannel?: UserChannel;
  optOuts: OptOutStore;
  /** Closes the opt-out store. */
  close(): Promise<void>;
}

/** What the channel is built from; `optOuts` defaults to the SQLite file under DATA_DIR, `fetch` to the global one. */
export interface SmsChannelDeps {
  config: Config;
  bot: Bot;
  store: ConversationStore;
  log: Logger;
  handoffs?: HandoffService;
  optOuts?: OptOutStore;
  fetch?: typeof fetch;
}

/** The SMS channel when TWILIO_AUTH_TOKEN (and so PUBLIC_BASE_URL) is set; undefined otherwise. */
export function createSmsChannelFromConfig(deps: SmsChannelDeps): SmsChannel | undefined {
  const { config, bot, store, log, handoffs } = deps;
  const sms = config.sms;
  if (!sms || !config.publicBaseUrl) return undefined;
  const optOuts =
    deps.optOuts ??
    (config.databaseUrl
      ? createPgOptOutStoreAt(config.databaseUrl)
      : createSqliteOptOutStore(join(config.dataDir, 'vpnbot.sqlite')));
  const fetchMedia = createMediaFetcher({
    apiUrl: sms.apiUrl,
    accountSid: sms.accountSid,
    authToken: sms.authToken,
  });
  const turns = createSmsTurns({ bot, store, optOuts, handoffs, fetchMedia, log });
  const router = createSmsRouter({
    authToken: sms.authToken,
    publicBaseUrl: config.publicBaseUrl,
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
  return { router, userChannel, optOuts, close: () => optOuts.close() };
}
