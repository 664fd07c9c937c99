// `/vpncode`: the code card answered in the command's own HTTP response (ephemeral), its buttons, and sharing it.
import type { App, ButtonAction } from '@slack/bolt';
import { readBlockActionValue } from '../../render/block-kit.ts';
import { escapeSlackMrkdwn } from '../../render/escape.ts';
import {
  ENGINE_ACTION_PATTERN,
  LOOKUP_BLOCK_PREFIX,
  SHARE_ACTION_ID,
  VPNCODE_COMMAND,
} from './slack-contract.ts';
import type { SlackDeps } from './slack-deps.ts';
import { fromSlackText } from './slack-markup.ts';
import { lookupMessage, type SlackMessage, sharedLookupMessage, slackBody } from './slack-messages.ts';
import { slackText } from './slack-texts.ts';

const LOOKUP_ROW = new RegExp(`^${LOOKUP_BLOCK_PREFIX}`);

/**
 * Registers `/vpncode` (acknowledged with the answer as the HTTP response, never failing: an error becomes the
 * short "try again" text), the buttons on its answers, and "Share in channel"; returns the command's name.
 */
export function registerVpncode(app: App, deps: SlackDeps): string {
  const { bot, log } = deps;

  app.command(VPNCODE_COMMAND, async ({ command, ack }) => {
    let msg: SlackMessage;
    try {
      msg = lookupMessage(bot, fromSlackText(command.text ?? ''));
    } catch (err) {
      log.error({ err }, 'slack: /vpncode lookup failed');
      msg = { text: escapeSlackMrkdwn(bot.unavailableText()), blocks: [] };
    }
    await ack({ response_type: 'ephemeral', ...slackBody(msg) });
  });

  app.action({ action_id: ENGINE_ACTION_PATTERN, block_id: LOOKUP_ROW }, async (args) => {
    const { ack, body, respond } = args;
    await ack();
    if (body.type !== 'block_actions' || args.action.type !== 'button') return;
    const action = args.action as ButtonAction;
    if (action.url) return;
    const data = action.value ? readBlockActionValue(action.value) : undefined;
    if (data?.type !== 'command' || data.command !== 'code' || !data.arg) {
      const text = slackText(bot.content.phrases, 'slack.lookupOutdated', { command: VPNCODE_COMMAND });
      await respond({ response_type: 'ephemeral', replace_original: false, text: escapeSlackMrkdwn(text) });
      return;
    }
    const msg = lookupMessage(bot, data.arg);
    await respond({
      response_type: 'ephemeral',
      replace_original: body.container?.is_ephemeral === true,
      ...slackBody(msg),
    });
  });

  app.action(SHARE_ACTION_ID, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const msg = sharedLookupMessage(bot, action.value ?? '', body.user.id);
    await respond({ response_type: 'in_channel', replace_original: false, ...slackBody(msg) });
    if (body.container?.is_ephemeral === true) await respond({ delete_original: true });
  });

  return VPNCODE_COMMAND;
}
