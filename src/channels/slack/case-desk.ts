// The help desk as the Slack listeners reach it: the handoff service, who the agents are, and which case a post is.
import type { HandoffService } from '../../app/handoff-contracts.ts';
import type { Agent, CaseChange, HandoffCase } from '../../core/handoff-case.ts';
import { type Phrases, say } from '../../core/phrases.ts';
import { cleanText } from '../../render/escape.ts';
import { SLACK_QUEUE_TARGET, slackPostOf } from './slack-queue-target.ts';

/** The queue the case listeners act on once the server connects it (Slack on and ESCALATION_SLACK_CHANNEL set). */
export interface CaseDesk {
  handoffs: HandoffService;
  /** Agents' names as Slack last gave them (button presses carry names, message events do not). */
  names: Map<string, string>;
}

const MAX_NAMES = 1000;
const MAX_NAME = 60;

/** A desk for `handoffs` with no names known yet. */
export function createCaseDesk(handoffs: HandoffService): CaseDesk {
  return { handoffs, names: new Map() };
}

/** The agent a Slack user is when they press a case button (name from the payload, else their id); remembered. */
export function agentFromPayload(
  desk: CaseDesk,
  user: { id: string; name?: string; username?: string },
): Agent {
  const name = cleanText(user.name || user.username || user.id, MAX_NAME).trim() || user.id;
  desk.names.delete(user.id);
  desk.names.set(user.id, name);
  if (desk.names.size > MAX_NAMES) desk.names.delete(desk.names.keys().next().value ?? '');
  return { id: user.id, name, via: SLACK_QUEUE_TARGET };
}

/** The agent a Slack user writing in a case thread is: named as the case or an earlier press knows them. */
export function agentFromMessage(desk: CaseDesk, c: HandoffCase, userId: string, phrases: Phrases): Agent {
  const holder =
    c.claimedBy?.id === userId && c.claimedBy.via === SLACK_QUEUE_TARGET ? c.claimedBy.name : undefined;
  return {
    id: userId,
    name: holder ?? desk.names.get(userId) ?? say(phrases, 'handoff.someone'),
    via: SLACK_QUEUE_TARGET,
  };
}

/** True when the message `ts` in `channel` is the case's own Slack post. */
export function isPostOf(c: HandoffCase, channel: string | undefined, ts: string | undefined): boolean {
  const post = slackPostOf(c);
  return Boolean(post && post.channel === channel && post.ts === ts);
}

/** The open or recently closed case whose Slack post is the message `ts` in `channel`. */
export async function caseOfPost(
  handoffs: HandoffService,
  channel: string,
  ts: string,
): Promise<HandoffCase | undefined> {
  return (await handoffs.list()).find((c) => isPostOf(c, channel, ts));
}

/** Why a case change was refused, in the same words as the agent console. */
export function refusalText(phrases: Phrases, result: Extract<CaseChange, { ok: false }>): string {
  const agent = result.holder?.name ?? '?';
  switch (result.why) {
    case 'claimed_by_other':
      return say(phrases, 'case.claimedByOther', { agent });
    case 'not_yours':
      return say(phrases, 'case.notYours', { agent });
    case 'not_claimed':
      return say(phrases, 'case.claimFirst');
    default:
      return say(phrases, 'case.notOpen');
  }
}
