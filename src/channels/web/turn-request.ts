// Reads the web chat's POST body into a bot turn; everything the browser sends is untrusted until it passes here.
import type { Input } from '../../core/engine.ts';
import { readSubmitData } from '../../render/adaptive-card.ts';

/** A conversation id the page may pick: 8–64 letters, digits, `_` or `-` (the page uses a random UUID). */
export const CONVERSATION_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** A checked turn: whose conversation, what the user did, and the client's id for de-duplicating retries. */
export interface TurnRequest {
  conversationId: string;
  input: Input;
  messageId?: string;
}

/** The outcome of reading a request: a turn, or a message saying what is wrong with it (for a 400). */
export type TurnRead = { ok: true; turn: TurnRequest } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads `{conversationId, text | action | welcome: true}` into a turn; the request id (the X-Request-Id header)
 * becomes the de-duplication id when it has the conversation id's shape and is ignored otherwise, since a
 * proxy may set a header of that name in its own format.
 */
export function readTurnRequest(body: unknown, requestId: string | undefined): TurnRead {
  const fail = (error: string): TurnRead => ({ ok: false, error });
  if (!isObject(body)) return fail('body must be a JSON object');
  const { conversationId, text, action, welcome } = body;
  if (typeof conversationId !== 'string' || !CONVERSATION_ID.test(conversationId))
    return fail('conversationId must be 8-64 characters of A-Z, a-z, 0-9, _ or -');
  const given = [text, action, welcome].filter((v) => v !== undefined).length;
  if (given !== 1) return fail('send exactly one of text, action or welcome');
  const turn = (input: Input): TurnRead => ({
    ok: true,
    turn: {
      conversationId,
      input,
      ...(requestId && CONVERSATION_ID.test(requestId) ? { messageId: requestId } : {}),
    },
  });
  if (welcome !== undefined)
    return welcome === true ? turn({ kind: 'welcome' }) : fail('welcome must be true');
  if (text !== undefined)
    return typeof text === 'string' ? turn({ kind: 'text', text }) : fail('text must be a string');
  const data = readSubmitData(action);
  return data ? turn({ kind: 'action', data }) : fail('action is not a button this chat offered');
}
