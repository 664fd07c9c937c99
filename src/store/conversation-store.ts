// The persistence seam for conversations: SQLite by default, PostgreSQL later, an in-memory one for tests.
import type { ConversationState } from '../core/conversation-state.ts';

/** A stored conversation and the version it was read at (for optimistic concurrency). */
export interface Stored {
  state: ConversationState;
  version: number;
}

/** Conversation persistence with compare-and-set writes, so concurrent turns never lose an update. */
export interface ConversationStore {
  /** The conversation under `key`, or undefined when there is none. */
  get(key: string): Promise<Stored | undefined>;
  /** Writes `state` if the stored version is still `expected` (undefined = must not exist yet); false on conflict. */
  put(key: string, state: ConversationState, expected: number | undefined): Promise<boolean>;
  /** Forgets a conversation. */
  delete(key: string): Promise<void>;
  /** Records a platform message id; false when it was seen before (a retry that must not be answered twice). */
  firstSeen(messageId: string, now: number): Promise<boolean>;
  /** Forgets a message id recorded by `firstSeen`, so the platform's retry of a failed turn is answered. */
  forgetSeen(messageId: string): Promise<void>;
  /** Deletes conversations idle since before `cutoff` (never one handed to a person) and message ids older than it; returns how many conversations went. */
  purge(cutoff: number): Promise<number>;
  /** Resolves when the store answers; rejects when it is down. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Raised by a store that cannot be reached; the app turns it into a short "try again" for the user. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}
