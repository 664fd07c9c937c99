// Renders a turn's replies for one Bot Framework channel: Adaptive Cards where the client shows them, text elsewhere.
import type { Reply } from '../../core/card.ts';
import { renderAdaptiveReply } from '../../render/adaptive-card.ts';
import { cleanText } from '../../render/escape.ts';
import { renderText } from '../../render/text.ts';

/** The content type of an Adaptive Card attachment. */
export const ADAPTIVE_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Channels whose clients render Adaptive Cards; every other one (sms, slack via Azure, …) gets text. */
const ADAPTIVE_CHANNELS = new Set(['msteams', 'webchat', 'directline', 'emulator']);

/** An outgoing message activity, before botbuilder addresses it to the conversation. */
export interface OutgoingMessage {
  type: 'message';
  text?: string;
  textFormat?: 'markdown' | 'plain';
  attachments?: { contentType: string; content: unknown }[];
  attachmentLayout?: 'list';
  summary?: string;
}

/** True when the channel's client renders Adaptive Cards. */
export function usesAdaptiveCards(channelId: string | undefined): boolean {
  return ADAPTIVE_CHANNELS.has(channelId ?? '');
}

/**
 * The activities for a turn's replies, in order and as few as reads naturally: on card channels a text and
 * the cards after it share one message (text above, cards listed below); on text channels (sms and any
 * other) the whole turn is one plain-text message with numbered choices.
 */
export function renderForChannel(
  replies: readonly Reply[],
  channelId: string | undefined,
): OutgoingMessage[] {
  if (!replies.length) return [];
  if (!usesAdaptiveCards(channelId)) {
    const text = replies
      .map((reply) => renderText(reply, { numbered: true }))
      .filter(Boolean)
      .join('\n\n');
    return text ? [{ type: 'message', text, textFormat: 'plain' }] : [];
  }
  const out: OutgoingMessage[] = [];
  const summaries = new Map<OutgoingMessage, string>();
  const fresh = (): OutgoingMessage => {
    const message: OutgoingMessage = { type: 'message' };
    out.push(message);
    return message;
  };
  for (const reply of replies) {
    const current = out.at(-1);
    const rendered = renderAdaptiveReply(reply);
    if (rendered.card) {
      const message = current ?? fresh();
      message.attachments = [
        ...(message.attachments ?? []),
        { contentType: ADAPTIVE_CONTENT_TYPE, content: rendered.card },
      ];
      if (reply.kind === 'card' && !summaries.has(message)) summaries.set(message, reply.card.summary);
    } else if (rendered.text) {
      const message = current && !current.attachments ? current : fresh();
      message.text = message.text ? `${message.text}\n\n${rendered.text}` : rendered.text;
      message.textFormat = 'markdown';
    }
  }
  for (const message of out) {
    if ((message.attachments?.length ?? 0) > 1) message.attachmentLayout = 'list';
    const summary = cleanText(summaries.get(message) ?? '', 200).trim();
    if (!message.text && summary) message.summary = summary;
  }
  return out;
}
