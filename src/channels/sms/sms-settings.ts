// The SMS channel's settings: a Twilio-style provider's token, account, number and API address.
import * as z from 'zod';
import { optionalText, optionalUrl } from '../../config-fields.ts';
import { channelSettings, type SettingsReading } from '../channel-settings.ts';

/** SMS through a Twilio-style provider; the signature of each webhook is checked against `publicBaseUrl`. */
export interface SmsSettings {
  authToken: string;
  accountSid?: string;
  fromNumber?: string;
  apiUrl: string;
  publicBaseUrl: string;
}

const schema = z.object({
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_ACCOUNT_SID: optionalText,
  TWILIO_FROM_NUMBER: optionalText,
  TWILIO_API_URL: optionalUrl,
});

/** On when TWILIO_AUTH_TOKEN is set, which then needs PUBLIC_BASE_URL (the URL signatures are checked against). */
export const smsSettings = channelSettings({
  schema,
  read(e, shared): SettingsReading<SmsSettings> {
    if (!e.TWILIO_AUTH_TOKEN) return { why: 'TWILIO_AUTH_TOKEN unset' };
    if (!shared.publicBaseUrl)
      return {
        why: 'PUBLIC_BASE_URL unset',
        problems: [
          'PUBLIC_BASE_URL: required with TWILIO_AUTH_TOKEN (SMS signatures are checked against the public URL)',
        ],
      };
    const settings: SmsSettings = {
      authToken: e.TWILIO_AUTH_TOKEN,
      accountSid: e.TWILIO_ACCOUNT_SID,
      fromNumber: e.TWILIO_FROM_NUMBER,
      apiUrl: (e.TWILIO_API_URL ?? 'https://api.twilio.com').replace(/\/+$/, ''),
      publicBaseUrl: shared.publicBaseUrl,
    };
    const outbound = settings.accountSid && settings.fromNumber;
    return {
      settings,
      why: outbound
        ? 'TWILIO_AUTH_TOKEN set: webhook at /sms'
        : 'TWILIO_AUTH_TOKEN set: webhook at /sms; agents cannot text back until TWILIO_ACCOUNT_SID and TWILIO_FROM_NUMBER are set',
    };
  },
});
