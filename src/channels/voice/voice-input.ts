// What a caller's answer to a prompt was: silence, keys pressed, or words heard (with the recogniser's confidence).
import { cleanText } from '../../render/escape.ts';
import { digitsFromSpeech } from './spoken-numbers.ts';

/** The longest speech result read; a recogniser's transcript of one answer is a sentence or two. */
export const MAX_SPEECH = 300;

/** A caller's answer, read from the Gather's Digits, SpeechResult and Confidence. */
export type Heard =
  | { kind: 'silence' }
  /** Keys other than digits, star and hash (a malformed request): answered like words not understood. */
  | { kind: 'garbled' }
  | { kind: 'keys'; digits: string }
  | { kind: 'words'; text: string; confidence: number };

/** Reads one answer; `confidence` is 0 when the recogniser gave none or an unreadable one. */
export function readHeard(digits: string, speech: string, confidence: string): Heard {
  const keys = digits.trim();
  if (keys) {
    if (!/^[0-9*#]{1,20}$/.test(keys)) return { kind: 'garbled' };
    const pressed = keys.replace(/#/g, '');
    return pressed ? { kind: 'keys', digits: pressed } : { kind: 'silence' };
  }
  const text = cleanText(speech.replace(/<[^>]*>/g, ' '), MAX_SPEECH, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/[\p{L}\p{N}]/u.test(text)) return { kind: 'silence' };
  const c = Number.parseFloat(confidence);
  return {
    kind: 'words',
    text: digitsFromSpeech(text),
    confidence: Number.isFinite(c) && c >= 0 && c <= 1 ? c : 0,
  };
}

/** A request that works at any prompt, in words or keys. */
export type CallCommand = 'repeat' | 'agent' | 'restart' | 'next' | 'steps' | 'text' | 'skip' | 'yes' | 'no';

const SAID: readonly [CallCommand, RegExp][] = [
  [
    'repeat',
    /^(please )?(repeat( that| it)?|say (that|it) again|again|what( did you say)?|pardon( me)?|sorry\??|come again)( please)?$/,
  ],
  [
    'agent',
    /^(an? )?(agent|operator|representative|human|real person|person|someone|somebody)( please)?$|\b(talk|speak) to (a |an |the )?(person|human|agent|someone|somebody|operator|help desk)\b/,
  ],
  ['restart', /^(start (over|again)|restart|begin again|from the (top|beginning))( please)?$/],
  ['next', /^(next( step| one)?|go on|continue|carry on|and then|ok(ay)?|done)( please)?$/],
  ['steps', /^((hear|read|tell me|give me) )?(the )?steps( please)?$|^read (them|it)( to me)?( please)?$/],
  [
    'text',
    /^(text|send|message|sms)( me| it| them)?( the steps| a text| a message)?( please)?$|^(text|send) (it|them) to me$/,
  ],
  ['skip', /^(skip( it| them| that)?|no thanks|go on without|move on)( please)?$/],
  ['yes', /^(yes|yeah|yep|yup|correct|right|that's right|that is right|sure|exactly)\b/],
  ['no', /^(no|nope|wrong|not right|that's wrong|incorrect)\b/],
];

/** The request `text` makes by itself, if any ("say that again", "agent", "text me"). */
export function commandOf(text: string): CallCommand | undefined {
  const bare = text
    .toLowerCase()
    .replace(/[.,!?]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return SAID.find(([, re]) => re.test(bare))?.[0];
}
