// The Teams (Bot Framework) channel's settings: the app's credentials, its queue channel, the handoff event.
import * as z from 'zod';
import { optionalText, optionalUrl } from '../../config-fields.ts';
import { channelSettings, type SettingsReading } from '../channel-settings.ts';

/**
 * Bot Framework credentials (`appId` undefined means local mode, loopback only), where the keys that sign channel
 * and Emulator tokens are published (default Microsoft's public cloud), the Teams channel that is the agents'
 * queue, and whether a handoff also sends the Bot Framework `handoff.initiate` event.
 */
export interface TeamsSettings {
  appId?: string;
  appPassword?: string;
  appType?: string;
  tenantId?: string;
  channelOpenIdMetadataUrl?: string;
  emulatorOpenIdMetadataUrl?: string;
  queueChannel?: string;
  handoffEvent: boolean;
}

const schema = z.object({
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MicrosoftAppTenantId: optionalText,
  ToBotFromChannelOpenIdMetadataUrl: optionalUrl,
  ToBotFromEmulatorOpenIdMetadataUrl: optionalUrl,
  ESCALATION_TEAMS_CHANNEL: optionalText,
  BOTFRAMEWORK_HANDOFF_EVENT: z
    .enum(['on', 'off', 'true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => v === 'on' || v === 'true' || v === '1'),
});

/**
 * Why the Bot Framework endpoint is not served, or undefined when it is: in production it needs MicrosoftAppId and
 * MicrosoftAppPassword (not the password with UserAssignedMSI), since local mode there would trust anyone.
 */
export function teamsOffReason(settings: TeamsSettings, production: boolean): string | undefined {
  if (!production) return undefined;
  if (!settings.appId) return 'MicrosoftAppId unset (required with NODE_ENV=production)';
  if (!settings.appPassword && settings.appType !== 'UserAssignedMSI')
    return 'MicrosoftAppPassword unset (required with NODE_ENV=production)';
  return undefined;
}

/** On unless production lacks credentials; without MicrosoftAppId it is local mode (loopback callers only). */
export const teamsSettings = channelSettings({
  schema,
  read(e, shared): SettingsReading<TeamsSettings> {
    const settings: TeamsSettings = {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
      channelOpenIdMetadataUrl: e.ToBotFromChannelOpenIdMetadataUrl,
      emulatorOpenIdMetadataUrl: e.ToBotFromEmulatorOpenIdMetadataUrl,
      queueChannel: e.ESCALATION_TEAMS_CHANNEL,
      handoffEvent: e.BOTFRAMEWORK_HANDOFF_EVENT,
    };
    const off = teamsOffReason(settings, shared.production);
    if (off) {
      const queue = settings.queueChannel ? '; cases for ESCALATION_TEAMS_CHANNEL cannot be posted' : '';
      return { why: `${off}${queue}` };
    }
    if (!settings.appId)
      return {
        settings,
        why: 'local mode, loopback callers only (Emulator, Agents Playground): MicrosoftAppId unset',
      };
    return { settings, why: 'MicrosoftAppId set: Bot Framework tokens are checked' };
  },
});
