// One inbound SMS → what to text back: carrier keywords (STOP, START, HELP) first, then a turn of the engine.

import type { Bot } from '../../app/create-bot.ts';
import type { HandoffService, UserRef } from '../../app/handoff-contracts.ts';
import type { Logger } from '../../app/logger.ts';
import type { Reply } from '../../core/card.ts';
import { fillPlaceholders } from '../../core/org-facts.ts';
import { say } from '../../core/phrases.ts';
import type { ConversationStore } from '../../store/conversation-store.ts';
import type { OptOutStore } from '../../store/opt-out-store.ts';
import { maskPhone, smsKey } from './phone-number.ts';
import { smsKeyword } from './sms-keywords.ts';
import type { FetchMedia } from './sms-media.ts';
import { smsParts } from './sms-parts.ts';
import type { SmsAddress } from './sms-user-channel.ts';

/** The longest body read from one message (the most a provider delivers as one SMS); the rest is cut. */
export const MAX_SMS_BODY = 1600;

/** One inbound message, already signature-checked; `from` is a normalised number. */
export interface InboundSms {
  from: string;
  /** The bot's own number the user texted; replies during a handoff go out from it. */
  to?: string;
  body: string;
  messageSid?: string;
  numMedia: number;
  /** The first picture's URL (MediaUrl0), when the message carried one. */
  mediaUrl?: string;
}

/** What the SMS turns are built from. */
export interface SmsTurnDeps {
  bot: Bot;
  store: ConversationStore;
  optOuts: OptOutStore;
  handoffs?: HandoffService;
  /** Fetches a picture the user sent; without it pictures get "please type the number". */
  fetchMedia?: FetchMedia;
  log: Logger;
  now?: () => number;
}

/** Answers inbound messages; the result is the texts to send back (empty = stay silent). */
export interface SmsTurns {
  /** The SMS parts answering `sms`; rejects with StoreUnavailableError when a store is down. */
  handle(sms: InboundSms): Promise<string[]>;
}

/**
 * Builds the turn logic. A whole-message opt-out keyword (STOP, CANCEL, …) records the opt-out, withdraws an open
 * handoff request, forgets the conversation and answers nothing; while opted out every message is ignored except
 * HELP/INFO (always answered, as carriers require) and START/UNSTOP/YES (opt back in and greet). Everything else
 * goes to the engine with the sender as `from`, so a handoff case can text the user later.
 */
export function createSmsTurns(deps: SmsTurnDeps): SmsTurns {
  const { bot, store, optOuts, log } = deps;
  const now = deps.now ?? Date.now;
  const phrases = bot.content.phrases;
  const text = (key: string): Reply => ({
    kind: 'text',
    text: fillPlaceholders(say(phrases, key), bot.config.org),
  });
  /** True the first time a message id is seen for this number (keyword answers are de-duplicated here). */
  const firstSeen = async (key: string, sid: string | undefined) =>
    !sid || (await store.firstSeen(`${key}#${sid}`, now()));

  const forget = async (key: string) => {
    await deps.handoffs?.userLeft(key, say(phrases, 'sms.optedOutNote'));
    await bot.forget(key);
  };

  /** Records an opt-out and forgets the conversation; silent even when a store fails (never text after STOP). */
  const optOut = async (key: string, sms: InboundSms): Promise<string[]> => {
    try {
      if (!(await firstSeen(key, sms.messageSid))) return [];
      await optOuts.optOut(sms.from, now());
      await forget(key);
      log.info({ from: maskPhone(sms.from) }, 'sms: opted out; conversation forgotten');
    } catch (err) {
      log.error({ err, from: maskPhone(sms.from) }, 'sms: recording an opt-out failed');
    }
    return [];
  };

  return {
    async handle(sms) {
      const key = smsKey(sms.from);
      const body = sms.body.slice(0, MAX_SMS_BODY);
      const keyword = smsKeyword(body);
      log.debug(
        { from: maskPhone(sms.from), sid: sms.messageSid, keyword, media: sms.numMedia },
        'sms: inbound',
      );
      if (keyword === 'opt_out') return optOut(key, sms);
      const optedOut = await optOuts.isOptedOut(sms.from);
      const address: SmsAddress = sms.to ? { number: sms.from, via: sms.to } : { number: sms.from };
      const from: UserRef = {
        channel: 'sms',
        address,
        userName: say(phrases, 'sms.userName', { number: maskPhone(sms.from) }),
      };

      if (keyword === 'help') {
        if (!(await firstSeen(key, sms.messageSid))) return [];
        return smsParts([text('sms.help')]);
      }
      if (optedOut && (keyword === 'opt_in' || keyword === 'maybe_opt_in')) {
        if (!(await firstSeen(key, sms.messageSid))) return [];
        await optOuts.optIn(sms.from);
        log.info({ from: maskPhone(sms.from) }, 'sms: opted back in');
        const turn = await bot.handle(key, { kind: 'welcome' }, undefined, from);
        return smsParts([text('sms.resumed'), ...turn.replies]);
      }
      if (optedOut) return [];

      if (!body.trim() && sms.numMedia > 0) {
        const image = sms.mediaUrl && deps.fetchMedia ? await deps.fetchMedia(sms.mediaUrl) : undefined;
        if (image) {
          const turn = await bot.readPicture(key, image, sms.messageSid, from);
          return smsParts(turn.replies);
        }
        if (!(await firstSeen(key, sms.messageSid))) return [];
        return smsParts([text('sms.noPictures')]);
      }
      // A re-sent message gets the answer stored with its turn: the provider never received the first one.
      const turn = await bot.handle(key, { kind: 'text', text: body }, sms.messageSid, from);
      if (turn.duplicate) return smsParts(turn.replies);
      return smsParts(sms.numMedia > 0 ? [text('sms.noPictures'), ...turn.replies] : turn.replies);
    },
  };
}
