// The persistence seam for conversations: SQLite by default, PostgreSQL later, an in-memory one for tests.
import type { Reply } from '../core/card.ts';
import type { ConversationState } from '../core/conversation-state.ts';

/** A stored conversation and the version it was read at (for optimistic concurrency). */
export interface Stored {
  state: ConversationState;
  version: number;
}

/** A platform message answered by a turn: the mark is saved with the turn's state, in the same transaction. */
export interface SeenMark {
  id: string;
  at: number;
  replies: Reply[];
}

/** What is known of a platform message already seen: the replies its turn gave and whether they reached the user. */
export interface SeenTurn {
  replies: Reply[];
  delivered: boolean;
}

/** Conversation persistence with compare-and-set writes, so concurrent turns never lose an update. */
export interface ConversationStore {
  /** The conversation under `key`, or undefined when there is none. */
  get(key: string): Promise<Stored | undefined>;
  /**
   * Writes `state` if the stored version is still `expected` (undefined = must not exist yet) and, with `seen`,
   * records that message as answered in the same transaction; false (nothing written) on a version conflict or when
   * the message was already recorded.
   */
  put(key: string, state: ConversationState, expected: number | undefined, seen?: SeenMark): Promise<boolean>;
  /** Forgets a conversation. */
  delete(key: string): Promise<void>;
  /** Records a platform message id; false when it was seen before (a retry that must not be answered twice). */
  firstSeen(messageId: string, now: number): Promise<boolean>;
  /** Forgets a message id recorded by `firstSeen`, so the platform's retry of a failed turn is answered. */
  forgetSeen(messageId: string): Promise<void>;
  /** The stored answer to a message already seen (a `firstSeen` mark has no replies and counts as delivered). */
  seenTurn(messageId: string): Promise<SeenTurn | undefined>;
  /** Records that a seen message's replies reached the user, so a retry does not send them again. */
  markDelivered(messageId: string): Promise<void>;
  /** Deletes conversations idle since before `cutoff` (never one handed to a person) and message ids older than it; returns how many conversations went. */
  purge(cutoff: number): Promise<number>;
  /** Resolves when the store answers; rejects when it is down. */
  ping(): Promise<void>;
  /**
   * Resolves when a write can be committed and read back in every table a turn uses (readiness); rejects with
   * StoreUnavailableError saying what failed.
   */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Raised by a store that cannot be reached; the app turns it into a short "try again" for the user. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/**
 * Raised when a request carries data no store may keep (a NUL byte or control character in an id, a value over the
 * database's limits): the request gets a 4xx, never the "try again" of an outage, so the platform does not retry it.
 */
export class BadDataError extends Error {
  override name = 'BadDataError';
}

/** True when `text` holds a control character (U+0000–U+001F, U+007F), which no id may contain. */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** The longest conversation key or message id a store takes. */
const MAX_ID_LENGTH = 1024;

/** Throws BadDataError unless `id` (a conversation key or message id) can be stored the same way by every store. */
export function checkStorableId(id: string, what: string): void {
  if (hasControlCharacters(id) || id.length > MAX_ID_LENGTH)
    throw new BadDataError(`${what} must be at most ${MAX_ID_LENGTH} characters without control characters`);
}
