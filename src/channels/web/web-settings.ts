// The web chat's settings: who may use it (WEB_CHAT).
import * as z from 'zod';
import { channelSettings, type SettingsReading } from '../channel-settings.ts';

/** Who may use the web chat: anyone (`on`), this machine only (`local`, the default in production), nobody (`off`). */
export interface WebSettings {
  access: 'on' | 'local' | 'off';
}

const schema = z.object({ WEB_CHAT: z.enum(['on', 'local', 'off']).optional() });

/** `local` by default in production, `on` otherwise; with WEB_CHAT=off its routes answer 404 but the card renderer the console loads. */
export const webSettings = channelSettings({
  schema,
  read(e, shared): SettingsReading<WebSettings> {
    const access = e.WEB_CHAT ?? (shared.production ? 'local' : 'on');
    if (access === 'off') return { settings: { access }, on: false, why: 'WEB_CHAT=off' };
    if (access === 'local')
      return {
        settings: { access },
        why: 'this machine only (WEB_CHAT=local, the default with NODE_ENV=production)',
      };
    const why = shared.production
      ? 'WEB_CHAT=on: anyone who can reach the port'
      : 'anyone who can reach the port (WEB_CHAT unset or on)';
    return { settings: { access }, why };
  },
});
