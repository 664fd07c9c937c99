// Renders the card model for the ear (the voice line): short plain sentences, no links, codes read digit by digit.
import { type Card, isDataAction, type Reply } from '../core/card.ts';
import { cleanText } from './escape.ts';

/**
 * The most words one spoken prompt may hold: at about 150 words a minute that is 24 seconds, under the 25 a
 * caller can keep in mind before answering (docs/voice.md).
 */
export const MAX_SPOKEN_WORDS = 60;

/** A question as it is said: what is asked, the help that goes with it, and its answers in order. */
export interface SpokenQuestion {
  /** The flow question it is, when it is one (its choices carry the name). */
  node?: string;
  ask: string;
  help?: string;
  choices: string[];
}

/** One turn for the ear: what to say first, the steps to offer, the question to end on, and whether links were left out. */
export interface SpokenTurn {
  lead: string[];
  steps: string[];
  question?: SpokenQuestion;
  /** True when something was left out that a text message would carry (a link, a command to type). */
  links: boolean;
}

const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** Each digit of a number as a word: "721" → "seven two one". */
export function digitsAloud(digits: string): string {
  return [...digits].map((d) => DIGIT_WORDS[Number(d)] ?? d).join(' ');
}

/** How many words a spoken text holds. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

const URL = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;
const HOST = /\b([a-z0-9-]+(?:\.[a-z0-9-]+)+)\b/gi;

/**
 * `text` written for the ear: links left out (with the "here:" before them), markup and symbols gone, host names
 * said with "dot", and numbers of three or more digits (codes, ports) read digit by digit. Plain, one line.
 */
export function forTheEar(text: string): { text: string; dropped: boolean } {
  let dropped = false;
  let out = cleanText(text, 2000, '')
    .replace(/\s*\b(?:here|at|from|on)?\s*:?\s*(?:https?:\/\/|www\.)[^\s<>"]+/gi, () => {
      dropped = true;
      return '';
    })
    .replace(URL, '');
  out = out
    .replace(/[*_`#>|~[\]{}]/g, ' ')
    .replace(/[“”"]/g, '')
    .replace(/[‘’]/g, "'")
    .replace(/\s*[–—]\s*/g, ', ')
    .replace(/&/g, ' and ')
    .replace(/(\S)@(\S)/g, '$1 at $2')
    .replace(/(\S)\\(\S)/g, '$1 backslash $2')
    .replace(/\be\.g\.\s*/gi, 'for example ')
    .replace(/\bi\.e\.\s*/gi, 'that is ')
    .replace(/(\p{L})\/(\p{L})/gu, '$1 $2')
    .replace(/\(([^)]*)\)/g, ', $1,')
    .replace(HOST, (host: string) => (/^\d+(\.\d+)*$/.test(host) ? host : host.split('.').join(' dot ')));
  if (/-Port|Test-NetConnection|\bping\b/i.test(out)) dropped = true;
  out = out
    .replace(
      /\b0x[0-9a-f]+\b/gi,
      (hex: string) =>
        `hex ${[...hex.slice(2)].map((c) => (/\d/.test(c) ? DIGIT_WORDS[Number(c)] : c.toUpperCase())).join(' ')}`,
    )
    .replace(/\d{3,}/g, (n: string) => digitsAloud(n))
    .replace(/\s+([,.?!:;])/g, '$1')
    .replace(/([,:;])(?=[,.?!:;])/g, '')
    .replace(/,\s*,/g, ',')
    .replace(/\s+/g, ' ')
    .replace(/:\s*$/, '.')
    .trim();
  return { text: out, dropped };
}

/** `text` as whole sentences, each written for the ear, each ending with its stop. */
function sentencesOf(text: string, note: (dropped: boolean) => void): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.?!])\s+(?=[A-Z"“])/))
    .map((s) => {
      const spoken = forTheEar(s);
      note(spoken.dropped);
      return spoken.text;
    })
    .filter((s) => wordCount(s) > 0)
    .map((s) => (/[.?!]$/.test(s) ? s : `${s.replace(/[,:;]$/, '')}.`));
}

/** The question a card asks, when it offers answers to pick. */
function questionOf(card: Card, say: (text: string) => string[]): SpokenQuestion | undefined {
  const choices = card.actions.filter(isDataAction).map((a) => say(a.label).join(' ').replace(/\.$/, ''));
  if (!choices.length) return undefined;
  const help = card.blocks.flatMap((b) => (b.kind === 'text' ? say(b.text) : [])).join(' ');
  const data = card.actions.find(isDataAction)?.data;
  const ask = say(card.title ?? card.summary).join(' ');
  return { ...(data?.type === 'choice' ? { node: data.node } : {}), ask, help: help || undefined, choices };
}

/**
 * The replies of one turn for the ear. The last card that offers answers becomes the question; every other card
 * gives its title and text to the lead and its steps to `steps` (read on request); facts, commands and links are
 * left for a text message (`links`). Every text passes through `rewrite` first, so a channel can say sentences
 * written for typing in words written for the phone ("press" rather than "reply").
 */
export function speakReplies(
  replies: readonly Reply[],
  rewrite: (text: string) => string = (text) => text,
): SpokenTurn {
  let links = false;
  const note = (dropped: boolean) => {
    links ||= dropped;
  };
  const say = (text: string) => sentencesOf(rewrite(text), note);
  const lastQuestion = replies.findLastIndex((r) => r.kind === 'card' && r.card.actions.some(isDataAction));
  const turn: SpokenTurn = { lead: [], steps: [], links: false };
  replies.forEach((reply, i) => {
    if (reply.kind === 'text') {
      turn.lead.push(...say(reply.text));
      return;
    }
    const { card } = reply;
    if (i === lastQuestion) {
      turn.question = questionOf(card, say);
      return;
    }
    if (card.actions.some((a) => !isDataAction(a))) links = true;
    if (card.title) turn.lead.push(...say(card.title));
    for (const block of card.blocks) {
      if (block.kind === 'text') turn.lead.push(...say(block.text));
      else if (block.kind === 'steps') turn.steps.push(...block.items.map((item) => say(item).join(' ')));
      else if (block.kind === 'bullets') turn.lead.push(...block.items.flatMap(say));
      else links = true;
    }
  });
  turn.steps = turn.steps.filter(Boolean);
  turn.links = links;
  return turn;
}

/** As many of `sentences` as fit in `words`, whole and in order (always the first, cut to fit). */
export function fitSentences(sentences: readonly string[], words: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const s of sentences) {
    const n = wordCount(s);
    if (used + n > words) {
      if (!out.length)
        out.push(
          `${s
            .split(/\s+/)
            .slice(0, Math.max(1, words))
            .join(' ')
            .replace(/[,;:]$/, '')}.`,
        );
      break;
    }
    out.push(s);
    used += n;
  }
  return out;
}
