// The sentences only the Slack channel says; cards/phrases.yaml may override each under the same `slack.*` key.
import { type Phrases, say } from '../../core/phrases.ts';

/** Default wording of the Slack-only phrases. */
export const SLACK_TEXT_DEFAULTS = {
  'slack.noFiles': "I can't open files here. Please type the error number, or the words on the screen.",
  'slack.share': 'Share in channel',
  'slack.sharedBy': 'Shared by {user}',
  'slack.dmOffer':
    "I've sent you a direct message so we can sort out your VPN there, away from the channel. Open it to continue.",
  'slack.lookupOutdated': 'That message is out of date. Run {command} again.',
  'slack.home.title': 'VPN help',
  'slack.home.what':
    "Is the VPN refusing to connect? I check the likely causes with you, one tap at a time, explain any Windows VPN error number in plain words, and get you a person when the checks don't fix it.",
  'slack.home.where': 'I answer in the Messages tab.',
  'slack.home.techs':
    'Help-desk techs: type {command} 721 (or a range such as 785-793, or words from the error) in any channel.',
  'slack.home.hours': 'Help desk hours',
  'slack.home.contact': 'Contact',
  'slack.case.threadHint':
    'Write in this thread to talk to the user (your first message claims the case). Everything you write here reaches them.',
  'slack.case.noteTitle': 'Close case',
  'slack.case.noteIntro':
    'Closing {id}. The user gets your note, then the bot asks whether their VPN works now.',
  'slack.case.noteLabel': 'Note for the user (optional)',
  'slack.case.notePlaceholder': 'What fixed it, or what to do if it happens again',
  'slack.case.noteCancel': 'Cancel',
  'slack.case.unknown':
    "I can't find that case. It may be from another help desk, or too old to act on here.",
} as const;

/** A Slack-only phrase key. */
export type SlackTextKey = keyof typeof SLACK_TEXT_DEFAULTS;

/** The phrase for `key` from the loaded phrases when present, else its default, with {names} filled from `vars`. */
export function slackText(
  phrases: Phrases,
  key: SlackTextKey,
  vars: Record<string, string | number> = {},
): string {
  return say({ [key]: phrases[key] ?? SLACK_TEXT_DEFAULTS[key] }, key, vars);
}
