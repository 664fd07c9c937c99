// The engine's side of a handoff: the "getting you a person" card and what the user hears as the desk works the case.
import type { Card, Reply } from './card.ts';
import type { ConversationState } from './conversation-state.ts';
import { COMMAND_LABELS, followUpCard, phrase, textReply } from './engine-cards.ts';
import type { EngineContext } from './engine-context.ts';

/**
 * The card that tells the user a person is coming, or when the desk opens: in its own time zone, named, and on
 * the user's clock where their channel tells it. With a way to withdraw.
 */
export function handoffCard(ctx: EngineContext): Card {
  const desk = ctx.desk;
  const text =
    !desk || desk.open
      ? phrase(ctx, 'handoff.text')
      : !desk.opensWords
        ? phrase(ctx, 'handoff.closedNoHours')
        : phrase(ctx, desk.yours ? 'handoff.closedYours' : 'handoff.closedText', {
            opens: desk.opensWords,
            zone: desk.zone,
            yours: desk.yours ?? '',
          });
  return {
    title: phrase(ctx, 'handoff.title'),
    tone: 'good',
    blocks: [{ kind: 'text', text }],
    actions: [
      {
        label: phrase(ctx, COMMAND_LABELS.cancel_handoff ?? ''),
        data: { type: 'command', command: 'cancel_handoff' },
      },
    ],
    summary: text,
  };
}

/** News about the user's case from the help desk, as a new state and what to tell the user. */
export function handoffNews(
  st: ConversationState,
  news: { event: 'claimed' | 'message' | 'returned' | 'closed'; agent: string; text?: string },
  ctx: EngineContext,
): { state: ConversationState; replies: Reply[] } {
  const agent = news.agent.trim().slice(0, 80) || phrase(ctx, 'handoff.someone');
  switch (news.event) {
    case 'claimed':
      return {
        state: { ...st, phase: 'handoff', at: undefined, agent, turn: st.turn + 1, offered: [] },
        replies: [textReply(phrase(ctx, 'handoff.joined', { agent }))],
      };
    case 'message':
      return {
        state: st,
        replies: [textReply(phrase(ctx, 'handoff.agentSays', { agent, text: news.text ?? '' }))],
      };
    case 'returned': {
      const state: ConversationState = {
        ...st,
        phase: 'new',
        at: undefined,
        agent: undefined,
        turn: st.turn + 1,
        offered: [],
      };
      return { state, replies: [textReply(phrase(ctx, 'handoff.returned', { agent }))] };
    }
    case 'closed': {
      const state: ConversationState = {
        ...st,
        phase: 'outcome',
        at: 'handoff:closed',
        agent: undefined,
        turn: st.turn + 1,
      };
      const note = news.text?.trim();
      const card = followUpCard(undefined, state, ctx);
      const replies: Reply[] = [
        textReply(
          note
            ? phrase(ctx, 'handoff.closedWithNote', { agent, note })
            : phrase(ctx, 'handoff.closed', { agent }),
        ),
        {
          kind: 'card',
          card: { ...card, title: phrase(ctx, 'handoff.feedback'), summary: phrase(ctx, 'handoff.feedback') },
        },
      ];
      state.offered = card.actions.flatMap((a) => ('data' in a ? [a.data] : []));
      return { state, replies };
    }
  }
}
