// The state of one conversation with the bot: plain JSON, versioned, small enough to store per user.
import type { ActionData } from './card.ts';

/** One question the user answered, for the agent's summary. */
export interface Answer {
  node: string;
  question: string;
  choice: string;
  label: string;
}

/** Where the conversation stands. */
export type Phase = 'new' | 'asking' | 'outcome' | 'done' | 'handoff';

/** The whole state of a conversation; `turn` grows with every answer so old buttons can be recognised. */
export interface ConversationState {
  v: 1;
  phase: Phase;
  /** The question being asked (phase `asking`) or the outcome awaiting "did this fix it?" (phase `outcome`). */
  at?: string;
  turn: number;
  vpnType?: string;
  codes: number[];
  answers: Answer[];
  shown: string[];
  offered: ActionData[];
  /** What the user has told us (hotspot: failed, client: current, …); advice is fitted to it. */
  facts?: Record<string, string>;
  /** Keys of the advice steps already given, so no card repeats one. */
  given?: string[];
  /** The name of the help-desk agent talking with the user, while one is. */
  agent?: string;
  startedAt: number;
  updatedAt: number;
}

/** A fresh conversation started at `now`. */
export function initialState(now: number): ConversationState {
  return {
    v: 1,
    phase: 'new',
    turn: 0,
    codes: [],
    answers: [],
    shown: [],
    offered: [],
    startedAt: now,
    updatedAt: now,
  };
}

/** True when the conversation has been idle longer than `ttlMs` and should start afresh (never while handed to a person). */
export function isExpired(state: ConversationState, now: number, ttlMs: number): boolean {
  return state.phase !== 'handoff' && now - state.updatedAt > ttlMs;
}
