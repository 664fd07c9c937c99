// SMS on the channel contract: the provider's signed webhook, and texts to users outside a request.
import { channelModule } from '../channel.ts';
import { type SmsSettings, smsSettings } from './sms-settings.ts';

/** SMS: on with TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL; the opt-out list is the bot's, injected. */
export const smsModule = channelModule<SmsSettings>({
  name: 'sms',
  label: 'SMS',
  settings: smsSettings,
  async create({ settings, bot, store, stores, log, handoffs }) {
    const { createSmsChannel } = await import('./create-sms-channel.ts');
    const sms = createSmsChannel({ settings, bot, store, optOuts: stores.optOuts, log, handoffs });
    return { name: 'sms', router: sms.router, users: sms.userChannel ? { sms: sms.userChannel } : undefined };
  },
});
