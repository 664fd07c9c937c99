// The voice line's settings from the environment: where to transfer callers, and how the bot's voice sounds.
import * as z from 'zod';

/** What the voice line runs with once it is on. */
export interface VoiceSettings {
  /** The help desk's phone (E.164) callers are put through to in desk hours; without it they leave a message. */
  helpdeskPhone?: string;
  /** The language callers are heard and spoken to in (Twilio's `language`, e.g. en-US). */
  language: string;
  /** The text-to-speech voice (Twilio's `voice`, e.g. Polly.Joanna-Neural); Twilio's default when unset. */
  voice?: string;
}

/** The voice settings, or why the line is off; `problems` lists settings that are set but unusable. */
export type VoiceSettingsResult =
  | { on: true; settings: VoiceSettings }
  | { on: false; reason: string; problems: string[] };

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The variables the voice line reads. */
export const voiceSchema = z.object({
  VOICE: z.preprocess(blankToUndefined, z.enum(['on', 'off']).optional()),
  HELPDESK_PHONE: z.preprocess(
    (v) => (typeof v === 'string' ? v.replace(/[\s().-]/g, '') || undefined : v),
    z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +15550100199')
      .optional(),
  ),
  VOICE_LANGUAGE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as en-US')
      .optional(),
  ),
  VOICE_NAME: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9.:_-]{1,64}$/, 'a voice name such as Polly.Joanna-Neural')
      .optional(),
  ),
  TWILIO_AUTH_TOKEN: z.preprocess(blankToUndefined, z.string().optional()),
  PUBLIC_BASE_URL: z.preprocess(blankToUndefined, z.string().optional()),
});

/** What the parsed variables say, with PUBLIC_BASE_URL (without a trailing slash) from the shared settings. */
export function voiceReading(
  e: z.infer<typeof voiceSchema>,
  publicBaseUrl: string | undefined,
): VoiceSettingsResult {
  if (e.VOICE === 'off') return { on: false, reason: 'VOICE=off', problems: [] };
  if (!e.TWILIO_AUTH_TOKEN || !publicBaseUrl)
    return { on: false, reason: 'TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL are not both set', problems: [] };
  return {
    on: true,
    settings: { helpdeskPhone: e.HELPDESK_PHONE, language: e.VOICE_LANGUAGE ?? 'en-US', voice: e.VOICE_NAME },
  };
}

/**
 * Reads VOICE, HELPDESK_PHONE, VOICE_LANGUAGE and VOICE_NAME. The line is on when TWILIO_AUTH_TOKEN and
 * PUBLIC_BASE_URL are set (the same signature check as SMS) and VOICE is not `off`; a malformed setting turns it
 * off with the problem named.
 */
export function readVoiceSettings(env: Readonly<Record<string, string | undefined>>): VoiceSettingsResult {
  const parsed = voiceSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    return { on: false, reason: 'a voice setting is not usable', problems };
  }
  return voiceReading(parsed.data, parsed.data.PUBLIC_BASE_URL?.replace(/\/+$/, ''));
}
