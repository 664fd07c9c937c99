// The handoff contracts between the app and the channels: who a user is, how to reach them later, where agents see
// the queue, and the service channels and the agent console call. Types only, so no module depends on another's code.
import type { UserClock } from '../core/business-hours.ts';
import type { Card, Reply } from '../core/card.ts';
import type { ConversationState } from '../core/conversation-state.ts';
import type { EngineEvent } from '../core/engine.ts';
import type { Agent, CaseChange, CaseLine, HandoffCase } from '../core/handoff-case.ts';

/** Who a conversation belongs to and how to reach them again outside a request. */
export interface UserRef {
  channel: string;
  address: unknown;
  userName?: string;
  /** The user's clock as their channel tells it (Teams), so the desk's hours can be said in their own time. */
  clock?: UserClock;
}

/** Sends bot replies to a user outside a request (agent messages, news about their case); throws to be retried. */
export interface UserChannel {
  send(address: unknown, replies: Reply[]): Promise<void>;
}

/** A place agents see the queue: posts a case card, updates it, and relays the conversation into its thread. */
export interface QueueTarget {
  name: string;
  post(c: HandoffCase, card: Card): Promise<unknown>;
  update(c: HandoffCase, ref: unknown, card: Card): Promise<void>;
  relay(c: HandoffCase, ref: unknown, lines: CaseLine[]): Promise<void>;
}

/** Told about a saved turn's events, with who the user is and the new state (handoffs, reminders listen). */
export type TurnListener = (
  key: string,
  from: UserRef | undefined,
  state: ConversationState,
  events: EngineEvent[],
) => Promise<void>;

/** What happened to a case: opened, claimed after waiting `waitedMs` in the queue, or ended (and how). */
export type HandoffEvent =
  | { type: 'opened'; channel: string }
  | { type: 'claimed'; channel: string; waitedMs: number }
  | { type: 'closed'; channel: string; how: 'closed' | 'returned' | 'cancelled' };

/** The handoff service as channels and the agent console use it. */
export interface HandoffService {
  /** Acts on a user's turn: opens, cancels or relays as the engine's events say. */
  afterTurn: TurnListener;
  /** The user can no longer be reached (SMS STOP): a queued case is withdrawn, a claimed one gets `note` for its agent. */
  userLeft(key: string, note: string): Promise<void>;
  claim(caseId: string, agent: Agent): Promise<CaseChange>;
  /** An agent writes to the user; writing to a queued case claims it. */
  agentSays(caseId: string, agent: Agent, text: string): Promise<CaseChange>;
  finish(caseId: string, agent: Agent, how: 'close' | 'return', note?: string): Promise<CaseChange>;
  get(caseId: string): Promise<HandoffCase | undefined>;
  /** The conversation's case waiting for or with an agent, if it has one. */
  openCase(conversationKey: string): Promise<HandoffCase | undefined>;
  /** Open cases and those closed in the last day, oldest first. */
  list(): Promise<HandoffCase[]>;
  /** The card of a case as agents see it now. */
  card(c: HandoffCase): Card;
  addTarget(target: QueueTarget): void;
  addUserChannel(channel: string, sender: UserChannel): void;
  /** Delivers everything due now (posts, updates, relays, user messages, webhooks); safe to call any time. */
  dispatch(): Promise<void>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}
