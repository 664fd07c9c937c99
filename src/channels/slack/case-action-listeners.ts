// Agents working a case from its post in the escalation channel: Claim, Close case (with a note, in a modal), Hand back.
import type { App, ButtonAction } from '@slack/bolt';
import { CASE_COMMANDS } from '../../core/case-card.ts';
import { finish } from '../../core/handoff-case.ts';
import { readBlockActionValue } from '../../render/block-kit.ts';
import { escapeSlackMrkdwn } from '../../render/escape.ts';
import { agentFromPayload, type CaseDesk, isPostOf, refusalText } from './case-desk.ts';
import { closeCaseView, NOTE_BLOCK_ID, readCloseSubmission } from './close-case-modal.ts';
import { CASE_ACTION_PATTERN, CLOSE_CASE_CALLBACK_ID } from './slack-contract.ts';
import type { SlackDeps } from './slack-deps.ts';
import { slackText } from './slack-texts.ts';
import { deliver } from './slack-turns.ts';

/**
 * Registers the case buttons (action ids `vpncase:…`, which the triage engine never sees) and the close modal's
 * submission. A press counts only on the case's own post; anything else (forged ids, old posts, no desk connected)
 * gets a polite ephemeral note. Refusals (someone else has it, already closed) come back ephemeral to the presser.
 */
export function registerCaseActions(app: App, deps: SlackDeps, desk: () => CaseDesk | undefined): void {
  const phrases = deps.bot.content.phrases;

  app.action({ action_id: CASE_ACTION_PATTERN }, async (args) => {
    const { ack, body, client } = args;
    await ack();
    if (body.type !== 'block_actions' || args.action.type !== 'button') return;
    const action = args.action as ButtonAction;
    const channel = body.channel?.id;
    if (!channel) return;
    const tell = (text: string) =>
      deliver(deps, 'case note to an agent', () =>
        client.chat.postEphemeral({ channel, user: body.user.id, text: escapeSlackMrkdwn(text) }),
      );
    const queue = desk();
    const data = action.value ? readBlockActionValue(action.value) : undefined;
    const caseId = data?.type === 'command' ? data.arg : undefined;
    const c = queue && caseId ? await queue.handoffs.get(caseId) : undefined;
    if (!queue || !c || data?.type !== 'command' || !isPostOf(c, channel, body.container?.message_ts)) {
      await tell(slackText(phrases, 'slack.case.unknown'));
      return;
    }
    const agent = agentFromPayload(queue, body.user);
    if (data.command === CASE_COMMANDS.close) {
      const check = finish(c, agent, Date.now());
      if (!check.ok) await tell(refusalText(phrases, check));
      else
        await deliver(deps, 'close case modal', () =>
          client.views.open({ trigger_id: body.trigger_id, view: closeCaseView(c, phrases) }),
        );
      return;
    }
    const result =
      data.command === CASE_COMMANDS.claim
        ? await queue.handoffs.claim(c.id, agent)
        : data.command === CASE_COMMANDS.back
          ? await queue.handoffs.finish(c.id, agent, 'return')
          : undefined;
    if (!result) await tell(slackText(phrases, 'slack.case.unknown'));
    else if (!result.ok) await tell(refusalText(phrases, result));
  });

  app.view(CLOSE_CASE_CALLBACK_ID, async ({ ack, body, view }) => {
    const queue = desk();
    const submitted = readCloseSubmission(view);
    const refuse = (text: string) =>
      ack({ response_action: 'errors', errors: { [NOTE_BLOCK_ID]: text.slice(0, 150) } });
    if (!queue || !submitted) {
      await refuse(slackText(phrases, 'slack.case.unknown'));
      return;
    }
    const agent = agentFromPayload(queue, body.user);
    const result = await queue.handoffs.finish(submitted.caseId, agent, 'close', submitted.note);
    if (!result.ok) await refuse(refusalText(phrases, result));
    else await ack();
  });
}
