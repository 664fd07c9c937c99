// Turns the transcript's "[tapped <id>]" lines back into the words on the button the user pressed.

import { ownButtonPhrase } from '../../core/engine-cards.ts';
import type { Flow } from '../../core/flow.ts';
import type { CaseLine } from '../../core/handoff-case.ts';
import type { Phrases } from '../../core/phrases.ts';

/** How the transcript records a press (src/app/create-bot.ts): the choice's or command's id only. */
const TAPPED = /^\[tapped ([\w.-]{1,60})\]$/;

/** A line as the console shows it: a press carries the button's words and `tapped: true`. */
export type ShownLine = Pick<CaseLine, 'at' | 'from' | 'name' | 'text'> & { tapped?: true };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a bot line is the question `ask` as it was put (placeholders such as {vpnTypeName} filled in). */
const asked = (ask: string, said: string) =>
  new RegExp(
    `^${ask
      .split(/\{\w+\}/)
      .map(escapeRegExp)
      .join('.*')}$`,
    's',
  ).test(said.trim());

/**
 * Reads a case's lines for the console: each `[tapped <id>]` becomes the label of that button, found in the
 * flow (the question the bot had just asked decides when two questions share an id) or among the engine's
 * own buttons; a press whose button is unknown is left as recorded.
 */
export function tapReader(flow: Flow | undefined, phrases: Phrases) {
  const byChoice = new Map<string, { ask: string; label: string }[]>();
  for (const node of Object.values(flow?.nodes ?? {}))
    for (const choice of node.choices)
      byChoice.set(choice.id, [...(byChoice.get(choice.id) ?? []), { ask: node.ask, label: choice.label }]);

  const labelOf = (id: string, lastAsked: string | undefined): string | undefined => {
    const candidates = byChoice.get(id) ?? [];
    const inContext = lastAsked ? candidates.find((c) => asked(c.ask, lastAsked)) : undefined;
    if (inContext) return inContext.label;
    const own = ownButtonPhrase(id);
    if (own && phrases[own]) return phrases[own];
    return candidates[0]?.label;
  };

  return (lines: readonly CaseLine[]): ShownLine[] => {
    let lastAsked: string | undefined;
    return lines.map(({ at, from, name, text }) => {
      if (from === 'bot') lastAsked = text;
      const id = from === 'user' ? TAPPED.exec(text)?.[1] : undefined;
      const label = id ? labelOf(id, lastAsked) : undefined;
      return label ? { at, from, name, text: label, tapped: true } : { at, from, name, text };
    });
  };
}
