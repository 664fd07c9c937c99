// Agents working cases from the Teams escalation channel: card presses (claim, hand back, close) and @mentions in a case's thread.
import type { TurnContext } from 'botbuilder';
import type { HandoffService } from '../../app/handoff-contracts.ts';
import type { Logger } from '../../app/logger.ts';
import type { ActionData } from '../../core/card.ts';
import { CASE_COMMANDS } from '../../core/case-card.ts';
import { type Agent, type CaseChange, type HandoffCase, isOpen } from '../../core/handoff-case.ts';
import { type Phrases, say } from '../../core/phrases.ts';
import { cleanText } from '../../render/escape.ts';
import { CLOSE_WITH_NOTE, closeNoteForm, noteOf, threadText } from './case-thread-messages.ts';
import { threadRootOf } from './escalation-channel.ts';
import { TEAMS_QUEUE_TARGET, type TeamsPostRef, teamsPostOf } from './teams-queue-target.ts';
import { teamsSay } from './teams-texts.ts';

/** A command press: which command, on which case id (as the card says; checked before use). */
export type CaseCommand = Extract<ActionData, { type: 'command' }>;

const COMMANDS = new Set<string>([...Object.values(CASE_COMMANDS), CLOSE_WITH_NOTE]);
const MAX_NAME = 60;

/** True for the commands of case cards and the close form: they go to the desk, never to the triage engine. */
export function isCaseCommand(data: ActionData | undefined): boolean {
  return data?.type === 'command' && COMMANDS.has(data.command);
}

/** The agent a Teams user is: their Entra object id (else their Teams id), their display name, via 'teams'. */
export function agentOf(
  from: { id?: string; name?: string; aadObjectId?: string } | undefined,
  phrases: Phrases,
): Agent | undefined {
  const id = from?.aadObjectId || from?.id;
  if (!id) return undefined;
  const name = cleanText(from?.name ?? '', MAX_NAME).trim() || say(phrases, 'handoff.someone');
  return { id, name, via: TEAMS_QUEUE_TARGET };
}

/** Why a case change was refused, in the agent console's words. */
export function refusalText(phrases: Phrases, result: Extract<CaseChange, { ok: false }>): string {
  const agent = result.holder?.name ?? '?';
  if (result.why === 'claimed_by_other') return say(phrases, 'case.claimedByOther', { agent });
  if (result.why === 'not_yours') return say(phrases, 'case.notYours', { agent });
  if (result.why === 'not_claimed') return say(phrases, 'case.claimFirst');
  return say(phrases, 'case.notOpen');
}

/** The desk the Teams turn hands case presses and case-thread messages to. */
export interface TeamsCaseDesk {
  /**
   * Acts on a case button: Claim, Hand back, Close (answers with the note form) or the form's Close. Only
   * a press from the case's own thread (same conversation and tenant) acts; any other, or an unknown case
   * id, gets a polite "can't find that case". A refused change is answered in the thread with the reason.
   */
  press(context: TurnContext, data: CaseCommand): Promise<void>;
  /**
   * Sends an @mention in a case's thread (mention already removed) to the user as the agent's words
   * (claiming a queued case); true when the message was in a case's thread, false to let the turn go on.
   */
  threadMessage(context: TurnContext, text: string): Promise<boolean>;
}

/** What the desk is built from. */
export interface TeamsCaseDeskDeps {
  handoffs: HandoffService;
  phrases: Phrases;
  log: Logger;
}

type Seen = TurnContext['activity'];

const tenantOf = (activity: Seen): string | undefined => {
  const data = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const id = data?.tenant?.id ?? activity.conversation?.tenantId;
  return typeof id === 'string' ? id : undefined;
};

/** True when the activity was sent in the thread of `post` (same conversation, and same tenant when known). */
const inThread = (activity: Seen, post: TeamsPostRef | undefined): post is TeamsPostRef =>
  Boolean(post) &&
  activity.conversation?.id === post?.conversationId &&
  (!post?.tenantId || tenantOf(activity) === post.tenantId);

/** Other people's @mentions (`<at>Ana</at>`) read as their names in the text that goes to the user. */
const withoutMentionTags = (text: string) => text.replace(/<at>([^<]{0,200})<\/at>/gi, '$1').trim();

/** Creates the desk over the handoff service. */
export function createTeamsCaseDesk(deps: TeamsCaseDeskDeps): TeamsCaseDesk {
  const { handoffs, phrases, log } = deps;
  const reply = async (context: TurnContext, text: string) => {
    await context.sendActivity(threadText(text));
  };
  const answer = async (context: TurnContext, result: CaseChange) => {
    if (!result.ok) await reply(context, refusalText(phrases, result));
  };
  /** Close opens the form only for someone who may close: the holder, or anyone while the case waits. */
  const closeRefusal = (c: HandoffCase, agent: Agent): CaseChange | undefined => {
    if (!isOpen(c)) return { ok: false, why: 'not_open' };
    if (c.status === 'claimed' && (c.claimedBy?.id !== agent.id || c.claimedBy.via !== agent.via))
      return { ok: false, why: 'not_yours', holder: c.claimedBy };
    return undefined;
  };

  return {
    async press(context, data) {
      const { activity } = context;
      const found = data.arg ? await handoffs.get(data.arg) : undefined;
      const agent = agentOf(activity.from, phrases);
      if (!found || !agent || !inThread(activity, teamsPostOf(found))) {
        log.warn(
          { caseId: data.arg?.slice(0, 40), command: data.command },
          'teams: case press not from its thread',
        );
        return reply(context, teamsSay(phrases, 'teams.case.unknown'));
      }
      switch (data.command) {
        case CASE_COMMANDS.claim:
          return answer(context, await handoffs.claim(found.id, agent));
        case CASE_COMMANDS.back:
          return answer(context, await handoffs.finish(found.id, agent, 'return'));
        case CASE_COMMANDS.close: {
          const refused = closeRefusal(found, agent);
          if (refused) return answer(context, refused);
          await context.sendActivity(closeNoteForm(found, phrases));
          return;
        }
        case CLOSE_WITH_NOTE:
          return answer(context, await handoffs.finish(found.id, agent, 'close', noteOf(activity.value)));
      }
    },

    async threadMessage(context, text) {
      const { activity } = context;
      const conversation = activity.conversation?.id ?? '';
      if (!threadRootOf(conversation)) return false;
      const found = (await handoffs.list()).find((c) => teamsPostOf(c)?.conversationId === conversation);
      if (!found || !inThread(activity, teamsPostOf(found))) return false;
      const agent = agentOf(activity.from, phrases);
      const said = withoutMentionTags(text);
      if (!agent || !said) {
        await reply(context, teamsSay(phrases, 'teams.case.threadHint'));
        return true;
      }
      await answer(context, await handoffs.agentSays(found.id, agent, said));
      return true;
    },
  };
}
