// The few whole-message commands that work at any point of a conversation, and how raw text is cleaned first.
import { cleanInput } from './clean-text.ts';

/** The longest text the engine reads; the rest is cut. */
export const MAX_INPUT_CHARS = 1000;
/** Asking for the monthly "test your VPN" reminder. */
export const REMIND_ON =
  /^(remind me( to test( it| the vpn)?)?( monthly| every month)?|(turn on |start )?(monthly )?reminders?( on)?)$/;
/** Stopping the reminders. */
export const REMIND_OFF =
  /^((stop|no more|turn off|cancel|unsubscribe from) (the )?(monthly )?reminders?|reminders? off)$/;
/** Asking how the bot works. */
export const HELP = /^(help|\?|what can you do|how does this work|commands)$/;

/** Reduces raw user text to what the engine reads: no control characters, folded white space, capped length. */
export function cleanEngineInput(text: string): string {
  return cleanInput(text, MAX_INPUT_CHARS);
}
