// Where a call stands between webhooks, kept in the conversation store so a restart or a second instance goes on.
import type { Reply } from '../../core/card.ts';
import { type ConversationState, initialState } from '../../core/conversation-state.ts';
import type { SpokenQuestion } from '../../render/spoken.ts';
import type { ConversationStore } from '../../store/conversation-store.ts';

/** What the caller's next key or words answer. */
export type CallMode =
  /** a question of the triage: keys pick its choices, words go to the engine */
  | 'question'
  /** no question: words go to the engine (an error number, a problem) */
  | 'open'
  /** "hear the steps (1), get them by text (2), or go on (3)" */
  | 'offer'
  /** reading the steps one at a time: 1 or "next" for the next one */
  | 'step'
  /** a code heard with low confidence: "is that right?" */
  | 'confirm'
  /** more of a long answer to come: 1 or "next" goes on */
  | 'more'
  /** silent twice: "say agent or press 0" */
  | 'silent'
  /** recording a message, put through to the desk, or hung up */
  | 'ended';

/** What one prompt says and how its answer is read; kept so "repeat" says it again. */
export interface Prompt {
  say: string[];
  mode: CallMode;
  /** How many numbered choices a question offers (keys 1…n). */
  keys?: number;
  /** Words the recogniser should expect. */
  hints?: string[];
  /** The flow question asked, when the prompt asks one. */
  node?: string;
  /** The question alone, without what led to it: said after "Sorry, I didn't hear anything." when both are too long. */
  again?: string[];
}

/** One call's place: its sequence of prompts, what was last said (for "repeat"), and what is still to come. */
export interface CallState {
  callSid: string;
  /** The number of the prompt the caller answers next; every prompt's action URL carries it. */
  seq: number;
  /** Silent prompts in a row. */
  silence: number;
  prompt: Prompt;
  /** The steps on offer or being read, and the one read last. */
  steps?: string[];
  stepAt?: number;
  /** The question to ask once the steps (or the rest of a long answer) are done with. */
  after?: SpokenQuestion;
  /** The text heard with low confidence, to run when the caller says it is right. */
  pending?: string;
  /** The turn's replies, to text the caller when they accept (full steps and links). */
  textable?: Reply[];
}

/** A call's state stored as a conversation row (its `call` field), so every store keeps and purges it alike. */
type StoredCall = ConversationState & { call?: CallState };

/** The store key of the call state of conversation `key`. */
export const callKey = (key: string): string => `voice-call:${key.slice(key.indexOf(':') + 1)}`;

/** The stored call of `key`, with the version to write it back at. */
export async function loadCall(
  store: ConversationStore,
  key: string,
): Promise<{ call?: CallState; version?: number }> {
  const stored = await store.get(callKey(key));
  const call = (stored?.state as StoredCall | undefined)?.call;
  return { call: call && typeof call === 'object' ? call : undefined, version: stored?.version };
}

/**
 * Writes `call` if nobody wrote since `version`, together with the answer `twiml` given to webhook `seenId`, so a
 * repeated webhook finds the same answer; false on a conflict.
 */
export async function saveCall(
  store: ConversationStore,
  key: string,
  call: CallState,
  version: number | undefined,
  seenId: string,
  twiml: string,
  now: number,
): Promise<boolean> {
  const state: StoredCall = { ...initialState(now), call };
  return store.put(callKey(key), state, version, {
    id: seenId,
    at: now,
    replies: [{ kind: 'text', text: twiml }],
  });
}

/** The answer already given to webhook `seenId`, if it was answered. */
export async function answeredBefore(store: ConversationStore, seenId: string): Promise<string | undefined> {
  const seen = await store.seenTurn(seenId);
  const first = seen?.replies[0];
  return first?.kind === 'text' ? first.text : undefined;
}
