// The keys of what the Teams channel itself says (words in cards/phrases.yaml), and the two cards built from them.
import type { Card } from '../../core/card.ts';
import { type Phrases, say } from '../../core/phrases.ts';

/** The Teams-only phrase keys; their wording is in cards/phrases.yaml, like every other sentence. */
export const TEAMS_TEXT_KEYS = [
  'teams.direct.title',
  'teams.direct.text',
  'teams.direct.open',
  'teams.intro.title',
  'teams.intro.text',
  'teams.stale.text',
  'teams.case.threadHint',
  'teams.case.unknown',
  'teams.case.noteTitle',
  'teams.case.noteIntro',
  'teams.case.noteLabel',
  'teams.case.notePlaceholder',
  'teams.case.noteSubmit',
] as const;

/** A key of the channel's own sentences. */
export type TeamsTextKey = (typeof TEAMS_TEXT_KEYS)[number];

/** The sentence for `key` from cards/phrases.yaml, with {names} filled from `vars`. */
export function teamsSay(phrases: Phrases, key: TeamsTextKey, vars: Record<string, string> = {}): string {
  return say(phrases, key, vars);
}

/** The Teams deep link that opens a 1:1 chat with the bot, or undefined without a usable app id. */
export function directChatLink(appId: string | undefined): string | undefined {
  if (!appId || !/^[\w-]{1,100}$/.test(appId)) return undefined;
  return `https://teams.microsoft.com/l/chat/0/0?users=28:${appId}`;
}

/** The card offering a private chat instead of triage in a shared conversation; links to it when the app id is known. */
export function directChatCard(phrases: Phrases, appId: string | undefined): Card {
  const text = teamsSay(phrases, 'teams.direct.text');
  const link = directChatLink(appId);
  return {
    title: teamsSay(phrases, 'teams.direct.title'),
    tone: 'info',
    blocks: [{ kind: 'text', text }],
    actions: link ? [{ label: teamsSay(phrases, 'teams.direct.open'), url: link }] : [],
    summary: text,
  };
}

/** The short card posted when the bot joins a team or group chat: what to mention it with. */
export function introCard(phrases: Phrases, appId: string | undefined): Card {
  const text = teamsSay(phrases, 'teams.intro.text');
  const link = directChatLink(appId);
  return {
    title: teamsSay(phrases, 'teams.intro.title'),
    tone: 'info',
    blocks: [{ kind: 'text', text }],
    actions: link ? [{ label: teamsSay(phrases, 'teams.direct.open'), url: link }] : [],
    summary: text,
  };
}
