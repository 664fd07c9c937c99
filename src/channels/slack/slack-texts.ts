// The keys of the sentences only the Slack channel says (their words are in cards/phrases.yaml), typed for the code.
import { type Phrases, say } from '../../core/phrases.ts';

/** The Slack-only phrase keys; their wording is in cards/phrases.yaml, like every other sentence. */
export const SLACK_TEXT_KEYS = [
  'slack.noFiles',
  'slack.share',
  'slack.sharedBy',
  'slack.dmOffer',
  'slack.lookupOutdated',
  'slack.home.title',
  'slack.home.what',
  'slack.home.where',
  'slack.home.techs',
  'slack.home.hours',
  'slack.home.zone',
  'slack.home.contact',
  'slack.case.threadHint',
  'slack.case.noteTitle',
  'slack.case.noteIntro',
  'slack.case.noteLabel',
  'slack.case.notePlaceholder',
  'slack.case.noteCancel',
  'slack.case.unknown',
] as const;

/** A Slack-only phrase key. */
export type SlackTextKey = (typeof SLACK_TEXT_KEYS)[number];

/** The phrase for `key` from cards/phrases.yaml, with {names} filled from `vars`. */
export function slackText(
  phrases: Phrases,
  key: SlackTextKey,
  vars: Record<string, string | number> = {},
): string {
  return say(phrases, key, vars);
}
