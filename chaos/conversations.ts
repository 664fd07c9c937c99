// Web chat conversations driven like a platform would: every turn carries a request id, and a turn that was not
// acknowledged (connection cut, 5xx) is sent again with the same id until it is.
import { randomBytes } from 'node:crypto';

/** What a user says, turn after turn (any text moves the conversation on by one saved turn). */
const LINES = [
  'my vpn is not working',
  'yes',
  'no',
  'error 721',
  'still broken',
  'not sure',
  'error 809',
  'yes',
];

/** One conversation's turns: how many were sent, which are still unacknowledged, and what retries were answered. */
export interface Conversation {
  id: string;
  sent: number;
  /** The request id and text of the turn that was not acknowledged, if any (sent again later). */
  pending?: { requestId: string; text: string };
  /** Retries answered with the reply the first attempt had already been given (applied before the cut). */
  storedAnswers: number;
  /** Retries that ran the turn (the first attempt never committed). */
  ranOnRetry: number;
  /** Acknowledged answers with no reply at all (must stay 0). */
  emptyAnswers: number;
}

/** A new conversation with a random id. */
export function newConversation(prefix: string): Conversation {
  return {
    id: `${prefix}-${randomBytes(6).toString('hex')}`,
    sent: 0,
    storedAnswers: 0,
    ranOnRetry: 0,
    emptyAnswers: 0,
  };
}

type Answer = { ok: true; duplicate: boolean; replies: number } | { ok: false; status: number | 'cut' };

/** Posts one turn; `cut` when the connection failed. */
export async function postTurn(
  url: string,
  conversationId: string,
  requestId: string,
  text: string,
): Promise<Answer> {
  try {
    const res = await fetch(`${url}/web/api/turn`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': requestId },
      body: JSON.stringify({ conversationId, text }),
      signal: AbortSignal.timeout(20_000),
    });
    if (res.status !== 200) {
      await res.body?.cancel();
      return { ok: false, status: res.status };
    }
    const json = (await res.json()) as { replies?: unknown[]; duplicate?: boolean };
    return { ok: true, duplicate: json.duplicate === true, replies: json.replies?.length ?? 0 };
  } catch {
    return { ok: false, status: 'cut' };
  }
}

/**
 * Sends the conversation's next `turns` turns in order to `pick()`'s instance; stops at the first turn that is not
 * acknowledged and keeps it as pending.
 */
export async function talk(c: Conversation, turns: number, pick: () => string): Promise<void> {
  for (let i = 0; i < turns && !c.pending; i++) {
    const requestId = `${c.id}-t${c.sent}`;
    const text = LINES[c.sent % LINES.length] as string;
    c.sent++;
    const answer = await postTurn(pick(), c.id, requestId, text);
    if (!answer.ok) c.pending = { requestId, text };
    else if (answer.replies === 0) c.emptyAnswers++;
  }
}

/** Sends the pending turn again (same request id) until it is acknowledged, noting how it was answered. */
export async function retryPending(c: Conversation, url: string, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (c.pending) {
    const answer = await postTurn(url, c.id, c.pending.requestId, c.pending.text);
    if (answer.ok) {
      if (answer.replies === 0) c.emptyAnswers++;
      if (answer.duplicate) c.storedAnswers++;
      else c.ranOnRetry++;
      c.pending = undefined;
      return;
    }
    if (Date.now() > until)
      throw new Error(`retry of ${c.pending.requestId} never acknowledged (${answer.status})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
