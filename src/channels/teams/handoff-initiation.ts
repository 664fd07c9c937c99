// The standard Bot Framework `handoff.initiate` event, for Azure Bot Service channels whose host runs an agent hub.
import { type Activity, ActivityTypes, EventFactory, type TurnContext } from 'botbuilder';
import type { CaseLine, CaseSummary } from '../../core/handoff-case.ts';

/** What the event carries about a case. */
export interface CaseForHandoff {
  id: string;
  summary: CaseSummary;
  lines: readonly Pick<CaseLine, 'at' | 'from' | 'name' | 'text'>[];
}

/** Channels that take the event: not Teams, which rejects it (docs/architecture.md §7), and not SMS, which is text only. */
export function takesHandoffEvent(channelId: string | undefined): boolean {
  return channelId !== undefined && channelId !== 'msteams' && channelId !== 'sms';
}

/** The `handoff.initiate` event for the turn in `context`: the case id and summary as context, the redacted lines as its transcript. */
export function handoffInitiation(context: TurnContext, c: CaseForHandoff): Partial<Activity> {
  const { activity } = context;
  const bot = activity.recipient;
  const user = activity.from;
  const activities = c.lines.map(
    (l): Partial<Activity> => ({
      type: ActivityTypes.Message,
      timestamp: new Date(l.at),
      from: l.from === 'user' ? user : { id: bot?.id ?? 'bot', name: l.name ?? bot?.name ?? 'bot' },
      text: l.text,
    }),
  );
  return EventFactory.createHandoffInitiation(
    context,
    { caseId: c.id, summary: c.summary },
    { activities: activities as Activity[] },
  );
}
