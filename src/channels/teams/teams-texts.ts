// What the Teams channel itself says (channel redirect, team intro, the help desk's case threads); cards/phrases.yaml may override any key.
import type { Card } from '../../core/card.ts';
import { type Phrases, say } from '../../core/phrases.ts';

/** The channel's own sentences, used when cards/phrases.yaml has no entry of the same key. */
export const TEAMS_TEXTS = {
  'teams.direct.title': "Let's do this one-to-one",
  'teams.direct.text':
    "Troubleshooting takes a few questions about your own laptop, so I do it in a private chat. Message me directly and we'll go through it together.",
  'teams.direct.open': 'Chat with me',
  'teams.intro.title': "Hi, I'm the VPN help bot",
  'teams.intro.text':
    'Mention me with an error number (for example "721" or "vpncode gre") and I explain it here. For troubleshooting, message me directly.',
  'teams.stale.text': 'That card is out of date.',
  'teams.case.threadHint':
    'Reply in this thread and @mention me to write to the user (your first message claims the case). Replies without the mention stay here, between agents.',
  'teams.case.unknown':
    "I can't find that case here. It may be from another help desk, or too old to act on.",
  'teams.case.noteTitle': 'Close {id}',
  'teams.case.noteIntro': 'The user gets your note, then I ask them whether their VPN works now.',
  'teams.case.noteLabel': 'Note for the user (optional)',
  'teams.case.notePlaceholder': 'What fixed it, or what to do if it happens again',
  'teams.case.noteSubmit': 'Close case',
} as const;

/** A key of the channel's own sentences. */
export type TeamsTextKey = keyof typeof TEAMS_TEXTS;

/** The sentence for `key`: the admin's wording from phrases when present, else the default above. */
export function teamsSay(phrases: Phrases, key: TeamsTextKey, vars: Record<string, string> = {}): string {
  return say({ [key]: phrases[key] ?? TEAMS_TEXTS[key] }, key, vars);
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
