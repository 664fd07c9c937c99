// Reaches SMS users outside a request (agent messages, news about their case) through the provider's REST API.
import type { UserChannel } from '../../app/handoff-contracts.ts';
import type { Logger } from '../../app/logger.ts';
import type { Reply } from '../../core/card.ts';
import type { OptOutStore } from '../../store/opt-out-store.ts';
import { maskPhone, normalizePhone } from './phone-number.ts';
import { smsParts } from './sms-parts.ts';
import type { SendSms } from './sms-rest-client.ts';

/** How a handoff case reaches an SMS user: their number, and the bot number they texted (to answer from it). */
export interface SmsAddress {
  number: string;
  via?: string;
}

/** What the user channel needs: a sender, the default From number, the opt-out list and a logger. */
export interface SmsUserChannelDeps {
  send: SendSms;
  fromNumber?: string;
  optOuts: OptOutStore;
  log: Logger;
}

/** Reads a stored case address; undefined when it is not one this channel wrote. */
export function readSmsAddress(address: unknown): SmsAddress | undefined {
  if (typeof address !== 'object' || address === null) return undefined;
  const { number, via } = address as Record<string, unknown>;
  const n = normalizePhone(number);
  if (!n) return undefined;
  return typeof via === 'string' && via ? { number: n, via } : { number: n };
}

/**
 * The 'sms' user channel: renders replies like webhook answers (parts marked "1/2", "2/2") and sends each part;
 * it throws when the provider refuses, so the handoff outbox retries with backoff. Numbers that opted out get
 * nothing (the message is dropped, not retried); a malformed address is dropped the same way, while a missing
 * From number throws (a fixable setting, so the message waits in the outbox).
 */
export function createSmsUserChannel(deps: SmsUserChannelDeps): UserChannel {
  return {
    async send(address, replies: Reply[]) {
      const to = readSmsAddress(address);
      if (!to) {
        deps.log.error('sms: a case address is not a phone number; message dropped');
        return;
      }
      const from = to.via ?? deps.fromNumber;
      if (!from) throw new Error('no number to send SMS from: set TWILIO_FROM_NUMBER');
      if (await deps.optOuts.isOptedOut(to.number)) {
        deps.log.info({ to: maskPhone(to.number) }, 'sms: user opted out; message dropped');
        return;
      }
      const parts = smsParts(replies);
      for (const part of parts) await deps.send(to.number, from, part);
      deps.log.debug({ to: maskPhone(to.number), parts: parts.length }, 'sms: sent');
    },
  };
}
