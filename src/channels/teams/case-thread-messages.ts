// What the bot posts in the Teams escalation channel: the case card, the relayed conversation, the close form.
import type { Card } from '../../core/card.ts';
import { type CaseLine, type HandoffCase, isOpen } from '../../core/handoff-case.ts';
import { type Phrases, say } from '../../core/phrases.ts';
import {
  ADAPTIVE_SCHEMA,
  ADAPTIVE_VERSION,
  renderAdaptiveCard,
  submitData,
} from '../../render/adaptive-card.ts';
import { cleanText, escapeMarkdownForAdaptive } from '../../render/escape.ts';
import { ADAPTIVE_CONTENT_TYPE, type OutgoingMessage } from './render-for-channel.ts';
import { teamsSay } from './teams-texts.ts';

/** The command of the close form's button (the case card's own Close button opens the form). */
export const CLOSE_WITH_NOTE = 'case.closeWithNote';
/** The id of the close form's note field: a press carries it as `activity.value.note`. */
export const NOTE_INPUT = 'note';

const MAX_NOTE = 2000;
const MAX_NAME = 80;
/** A relay message is cut into several past this many characters (Teams takes ~28 KB of text). */
const MAX_RELAY_CHARS = 12_000;

/** Plain text as Teams markdown that shows exactly what was typed (no links, mentions, HTML or markup). */
export function teamsMarkdown(text: string, maxLength = 4000): string {
  return escapeMarkdownForAdaptive(cleanText(text, maxLength).trim()).replace(/\n+/g, '\n\n');
}

/** A short message in a thread (a refusal, a hint), escaped as markdown. */
export function threadText(text: string): OutgoingMessage {
  return { type: 'message', text: teamsMarkdown(text), textFormat: 'markdown' };
}

/** The case's message in the queue: the agent card, with how to talk to the user while the case is open. */
export function caseCardMessage(c: HandoffCase, card: Card, phrases: Phrases): OutgoingMessage {
  const hint = { kind: 'text' as const, text: teamsSay(phrases, 'teams.case.threadHint'), muted: true };
  const shown = isOpen(c) ? { ...card, blocks: [...card.blocks, hint] } : card;
  return {
    type: 'message',
    attachments: [{ contentType: ADAPTIVE_CONTENT_TYPE, content: renderAdaptiveCard(shown) }],
    summary: cleanText(card.summary, 200).trim(),
  };
}

/** One relayed line as Teams markdown: "**User:** …" or "**‹agent›:** …", both parts escaped. */
function relayLine(line: CaseLine, phrases: Phrases): string {
  const who =
    line.from === 'user' ? say(phrases, 'case.userSaid') : (line.name ?? say(phrases, 'handoff.someone'));
  return `**${teamsMarkdown(who, MAX_NAME)}:** ${teamsMarkdown(line.text, MAX_NOTE)}`;
}

/** The new lines of a case as replies in its thread: one message, or a few when there is a long backlog. */
export function relayMessages(lines: readonly CaseLine[], phrases: Phrases): OutgoingMessage[] {
  const texts: string[] = [];
  for (const line of lines) {
    const text = relayLine(line, phrases);
    const last = texts.length - 1;
    if (last >= 0 && (texts[last]?.length ?? 0) + text.length < MAX_RELAY_CHARS)
      texts[last] = `${texts[last]}\n\n${text}`;
    else texts.push(text);
  }
  return texts.map((text) => ({ type: 'message', text, textFormat: 'markdown' }));
}

/** The small form the Close button answers with: a note for the user (optional) and a button that closes. */
export function closeNoteForm(c: HandoffCase, phrases: Phrases): OutgoingMessage {
  const title = teamsSay(phrases, 'teams.case.noteTitle', { id: c.id });
  const content = {
    type: 'AdaptiveCard',
    $schema: ADAPTIVE_SCHEMA,
    version: ADAPTIVE_VERSION,
    body: [
      { type: 'TextBlock', text: teamsMarkdown(title, 200), weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: teamsMarkdown(teamsSay(phrases, 'teams.case.noteIntro')), wrap: true },
      {
        type: 'Input.Text',
        id: NOTE_INPUT,
        label: cleanText(teamsSay(phrases, 'teams.case.noteLabel'), 100),
        placeholder: cleanText(teamsSay(phrases, 'teams.case.notePlaceholder'), 200),
        isMultiline: true,
        maxLength: MAX_NOTE,
      },
    ],
    actions: [
      {
        type: 'Action.Submit',
        title: cleanText(teamsSay(phrases, 'teams.case.noteSubmit'), 80),
        style: 'positive',
        data: submitData({ type: 'command', command: CLOSE_WITH_NOTE, arg: c.id }),
      },
    ],
  };
  return {
    type: 'message',
    attachments: [{ contentType: ADAPTIVE_CONTENT_TYPE, content }],
    summary: cleanText(title, 200),
  };
}

/** The note a close form press carries (`activity.value.note`), cleaned and cut; empty when there is none. */
export function noteOf(value: unknown): string {
  const note =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[NOTE_INPUT] : '';
  return typeof note === 'string' ? cleanText(note, MAX_NOTE).trim() : '';
}
