// Voice TwiML: the XML a Twilio call webhook answers with (Say, Gather, Dial, Record, Hangup), escaped.
import { escapeXml } from '../sms/twiml.ts';

/** How the bot speaks and listens: the language both ways, the text-to-speech voice, and the public URL actions start with. */
export interface Speaking {
  language: string;
  voice?: string;
  /** PUBLIC_BASE_URL: actions are written absolute, so a base with a path of its own still works. */
  base?: string;
}

/** One instruction of a call's answer, in order. */
export type VoiceVerb =
  | { kind: 'say'; text: string }
  | {
      kind: 'gather';
      /** The path (with query) the caller's answer is posted to. */
      action: string;
      say: string[];
      /** Set for a menu answered by one key; unset, keys are read until the hash key or a pause. */
      numDigits?: number;
      /** Words the recogniser should expect (the choices, the commands). */
      hints?: string[];
    }
  | { kind: 'dial'; action: string; number: string }
  | { kind: 'record'; action: string; maxLength: number }
  | { kind: 'hangup' };

/** Seconds of silence after a prompt before the caller's turn counts as silent. */
export const GATHER_TIMEOUT = 6;
/** Seconds the desk's phone rings before the caller is offered a message instead. */
export const DIAL_TIMEOUT = 30;

const attrs = (pairs: Record<string, string | number | undefined>) =>
  Object.entries(pairs)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');

const sayXml = (text: string, s: Speaking) =>
  `<Say${attrs({ voice: s.voice, language: s.language })}>${escapeXml(text)}</Say>`;

function verbXml(verb: VoiceVerb, s: Speaking): string {
  switch (verb.kind) {
    case 'say':
      return sayXml(verb.text, s);
    case 'gather':
      return `<Gather${attrs({
        input: 'dtmf speech',
        action: `${s.base ?? ''}${verb.action}`,
        method: 'POST',
        timeout: GATHER_TIMEOUT,
        speechTimeout: 'auto',
        language: s.language,
        numDigits: verb.numDigits,
        finishOnKey: '#',
        actionOnEmptyResult: 'true',
        hints: verb.hints?.join(', ').slice(0, 500),
      })}>${verb.say.map((t) => sayXml(t, s)).join('')}</Gather>`;
    case 'dial':
      return `<Dial${attrs({ action: `${s.base ?? ''}${verb.action}`, method: 'POST', timeout: DIAL_TIMEOUT, answerOnBridge: 'true' })}><Number>${escapeXml(verb.number)}</Number></Dial>`;
    case 'record':
      return `<Record${attrs({
        action: `${s.base ?? ''}${verb.action}`,
        method: 'POST',
        maxLength: verb.maxLength,
        timeout: 5,
        finishOnKey: '#',
        playBeep: 'true',
      })}/>`;
    case 'hangup':
      return '<Hangup/>';
  }
}

/** The TwiML document for `verbs`, in order. */
export function voiceTwiml(verbs: readonly VoiceVerb[], speaking: Speaking): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${verbs.map((v) => verbXml(v, speaking)).join('')}</Response>`;
}
