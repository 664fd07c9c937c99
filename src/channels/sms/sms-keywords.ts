// The carrier keywords a whole SMS may be: opt out, opt back in, or ask what this number is.

/** What a keyword asks for; `maybe_opt_in` ("YES") only counts while the number is opted out. */
export type SmsKeyword = 'opt_out' | 'opt_in' | 'maybe_opt_in' | 'help';

// Twilio's default opt-out list for long codes (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT),
// its opt-in list (START, UNSTOP, YES) and its help list (HELP, INFO). A lone CANCEL is an opt-out, as carriers
// treat it; "cancel my request" is longer than one word and still reaches the engine.
const KEYWORDS: Record<string, SmsKeyword> = {
  stop: 'opt_out',
  stopall: 'opt_out',
  unsubscribe: 'opt_out',
  cancel: 'opt_out',
  end: 'opt_out',
  quit: 'opt_out',
  revoke: 'opt_out',
  optout: 'opt_out',
  start: 'opt_in',
  unstop: 'opt_in',
  yes: 'maybe_opt_in',
  help: 'help',
  info: 'help',
};

/** The keyword a message is, when the whole message (any case, trailing "." or "!" allowed) is one; else undefined. */
export function smsKeyword(body: string): SmsKeyword | undefined {
  const word = body
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '');
  return Object.hasOwn(KEYWORDS, word) ? KEYWORDS[word] : undefined;
}
