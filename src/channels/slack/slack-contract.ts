// What the Slack app registers with Slack: the one path, the command, the bot events and the scopes they need.
// The manifest (manifest/slack-app.yaml) is checked against these in the tests, so the two cannot drift apart.

/** The one HTTP path for events, slash commands and interactivity (bolt's default, docs/architecture.md §4). */
export const SLACK_EVENTS_PATH = '/slack/events';

/** The slash command techs use to look up a code. */
export const VPNCODE_COMMAND = '/vpncode';

/**
 * The bot events the app listens to, spelled as in the manifest (`message.im` = `message` in a DM;
 * `message.channels`/`message.groups` = `message` in a public/private channel, read for agents' case threads).
 */
export const SLACK_BOT_EVENTS = [
  'app_home_opened',
  'app_mention',
  'message.im',
  'message.channels',
  'message.groups',
] as const;

/** A bot event name from SLACK_BOT_EVENTS. */
export type SlackBotEvent = (typeof SLACK_BOT_EVENTS)[number];

/** The least bot scopes that make every listener work, with what each is for. */
export const SLACK_BOT_SCOPES = {
  commands: `the ${VPNCODE_COMMAND} command`,
  'chat:write':
    'answers in DMs, the "try again" and DM-offer notes in channels, and case posts, updates, thread relays and agent notes in the escalation channel (invite the bot there)',
  'app_mentions:read': 'the app_mention event',
  'im:history': 'the message.im event',
  'im:write': 'conversations.open, to continue an @mention or an App Home tap in a DM',
  'channels:history':
    'the message.channels event (agents writing in a case thread, public escalation channel) and conversations.history/replies, so a retried post is never posted twice',
  'groups:history': 'the same as channels:history when the escalation channel is private (message.groups)',
  'files:read':
    'downloading the screenshots and photos of error dialogs users send in a DM, to read the error code',
} as const;

/** Every button the engine renders has an action_id starting with this (see src/render/block-kit.ts). */
export const ENGINE_ACTION_PATTERN = /^vpnbot:/;

/** action_id of the "Share in channel" button on a `/vpncode` answer; its value is the query. */
export const SHARE_ACTION_ID = 'vpncode:share';

/** block_id prefix of the button rows on `/vpncode` answers, which tells their presses apart from triage ones. */
export const LOOKUP_BLOCK_PREFIX = 'vpncode:';

/** action_id prefix of the buttons on case posts in the escalation channel; never matches ENGINE_ACTION_PATTERN. */
export const CASE_ACTION_PREFIX = 'vpncase:';

/** Matches the action_id of every case-post button. */
export const CASE_ACTION_PATTERN = /^vpncase:/;

/** callback_id of the "Close case" modal. */
export const CLOSE_CASE_CALLBACK_ID = 'vpncase:close';
