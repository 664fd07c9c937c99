// Shares one character allowance across a card, so no card becomes a wall of text or an oversized message.
import { cleanText } from './escape.ts';

/** Hands out cleaned text until the allowance is spent. */
export interface TextBudget {
  /** The text cleaned and cut to `max` or to what is left; undefined once too little is left. */
  take(text: string, max: number): string | undefined;
  /** True once some text was cut short or refused for lack of allowance. */
  readonly overrun: boolean;
}

/** A budget of `total` UTF-16 units; `ellipsis` marks cut text. */
export function createTextBudget(total: number, ellipsis = '…'): TextBudget {
  let left = total;
  let overrun = false;
  return {
    take(text, max) {
      const full = cleanText(text, max, ellipsis);
      if (full.length <= left) {
        left -= full.length;
        return full;
      }
      overrun = true;
      if (left <= ellipsis.length + 8) return undefined;
      const cut = cleanText(full, left, ellipsis);
      left = 0;
      return cut;
    },
    get overrun() {
      return overrun;
    },
  };
}
