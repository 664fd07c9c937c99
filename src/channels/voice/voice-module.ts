// The voice line on the channel contract: Twilio's call webhooks, and texts to callers through the SMS channel.

import { channelModule } from '../channel.ts';
import { channelSettings, type SettingsReading } from '../channel-settings.ts';
import { type VoiceSettings, voiceReading, voiceSchema } from './voice-settings.ts';

/** The voice settings with what the signature check needs, both shared with SMS. */
export interface VoiceLine extends VoiceSettings {
  authToken: string;
  publicBaseUrl: string;
}

/** VOICE, HELPDESK_PHONE, VOICE_LANGUAGE, VOICE_NAME; TWILIO_AUTH_TOKEN is read here too, PUBLIC_BASE_URL is shared. */
const voiceLineSettings = channelSettings({
  schema: voiceSchema.omit({ PUBLIC_BASE_URL: true }),
  read(e, shared): SettingsReading<VoiceLine> {
    const reading = voiceReading(e, shared.publicBaseUrl);
    if (!reading.on || !e.TWILIO_AUTH_TOKEN || !shared.publicBaseUrl)
      return reading.on
        ? { why: 'TWILIO_AUTH_TOKEN unset' }
        : { why: reading.reason, problems: reading.problems };
    const transfer = reading.settings.helpdeskPhone
      ? `put through to HELPDESK_PHONE in desk hours`
      : 'HELPDESK_PHONE unset, so callers leave a message for a call back';
    return {
      settings: { ...reading.settings, authToken: e.TWILIO_AUTH_TOKEN, publicBaseUrl: shared.publicBaseUrl },
      why: `TWILIO_AUTH_TOKEN set: calls at /voice, ${transfer}`,
    };
  },
});

/** The voice line: on with TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL unless VOICE=off; steps go out by SMS. */
export const voiceModule = channelModule<VoiceLine>({
  name: 'voice',
  label: 'voice line',
  settings: voiceLineSettings,
  async create({ settings, bot, store, stores, log, handoffs, userChannel }) {
    const { createVoiceChannel } = await import('./create-voice-channel.ts');
    const voice = createVoiceChannel({
      settings,
      publicBaseUrl: settings.publicBaseUrl,
      authToken: settings.authToken,
      bot,
      store,
      optOuts: stores.optOuts,
      handoffs,
      textUser: () => userChannel('sms'),
      log,
    });
    return { name: 'voice', router: voice.router, users: { voice: voice.userChannel } };
  },
});
