// What goes into a triage turn and what comes out of it: inputs, the events the app acts on, the turn itself.
import type { ActionData, Reply } from './card.ts';
import type { ConversationState } from './conversation-state.ts';

/** What the user did (typed, pressed a button, opened the chat), or what the bot brings up itself (a reminder, case news). */
export type Input =
  | { kind: 'text'; text: string }
  | { kind: 'action'; data: ActionData }
  | { kind: 'welcome' }
  | { kind: 'reminder' }
  | HandoffInput;

/** News from the help desk about this user's case, to tell the user in the bot's words. */
export type HandoffInput = {
  kind: 'handoff';
  event: 'claimed' | 'message' | 'returned' | 'closed';
  agent: string;
  text?: string;
};

/** Things the surrounding app acts on or counts (handoff, insights); the engine only reports them. */
export type EngineEvent =
  | { type: 'handoff'; reason: 'asked' | 'not_fixed' | 'dead_end' }
  | { type: 'outcome'; outcome: string }
  | { type: 'resolved'; outcome: string }
  | { type: 'stale' }
  | { type: 'restarted' }
  | { type: 'handoff_cancel' }
  | { type: 'reminders'; on: boolean }
  | { type: 'relay'; text: string }
  | { type: 'answered'; node: string; choice: string }
  | { type: 'clarify'; between: string[] };

/** The result of one turn. */
export interface Turn {
  state: ConversationState;
  replies: Reply[];
  events: EngineEvent[];
}
