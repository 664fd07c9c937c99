// The persistence seams for handoffs: cases (compare-and-set), per-conversation transcripts, and a delivery outbox.
import type { CaseLine, HandoffCase } from '../core/handoff-case.ts';

/** A stored case and the revision it was read at. */
export interface StoredCase {
  case: HandoffCase;
  rev: number;
}

/** Handoff cases; writes are compare-and-set on `rev`, so two agents clicking at once never both win. */
export interface CaseStore {
  /** Stores a new case; false if the id is taken or the conversation already has an open case. */
  create(c: HandoffCase): Promise<boolean>;
  get(id: string): Promise<StoredCase | undefined>;
  /** Writes `c` if the stored revision is still `rev`; false on conflict. */
  put(c: HandoffCase, rev: number): Promise<boolean>;
  /** The open (queued or claimed) case of a conversation, if any. */
  openFor(conversationKey: string): Promise<StoredCase | undefined>;
  /** Open cases, oldest first, plus cases closed since `closedSince`. */
  list(closedSince: number): Promise<StoredCase[]>;
  /**
   * For stores shared by many instances: takes (or renews) the lease on posting case `caseId` for `holder` until
   * `until`, true unless another holder's lease is still running at `now`; `until <= now` lets go. Without it
   * (one instance, e.g. SQLite) every dispatcher may post.
   */
  lease?(caseId: string, holder: string, now: number, until: number): Promise<boolean>;
}

/** The last few redacted lines of each conversation, for the agent's view of how it went. */
export interface TranscriptStore {
  append(conversationKey: string, lines: Omit<CaseLine, 'seq'>[]): Promise<void>;
  recent(conversationKey: string, limit: number): Promise<Omit<CaseLine, 'seq'>[]>;
  /** Drops lines older than `cutoff`. */
  purge(cutoff: number): Promise<void>;
  /** Drops every line of one conversation (the user asked to be forgotten). */
  forget(conversationKey: string): Promise<void>;
}

/** A message waiting to be delivered, retried with backoff until it goes or is given up on. */
export interface OutboxItem {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  nextAt: number;
}

/** A delivery given up on (dead-lettered): kept, with what went wrong, until an operator retries or discards it. */
export interface DeadLetter {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  lastError: string;
  /** When it was given up on. */
  deadAt: number;
  /** When it was queued; undefined for rows queued before the outbox recorded it. */
  createdAt?: number;
}

/** How many deliveries are waiting to go (pending) and how many were given up on (dead). */
export interface OutboxCounts {
  pending: number;
  dead: number;
}

/**
 * Durable deliveries: added in the same breath as the change that causes them, removed once delivered,
 * dead-lettered (kept, never tried again on their own) when they cannot go.
 */
export interface Outbox {
  add(kind: string, payload: unknown, now: number): Promise<number>;
  /** Pending deliveries due at `now`, oldest first; dead letters are never due. */
  due(now: number, limit: number): Promise<OutboxItem[]>;
  done(id: number): Promise<void>;
  /** Counts a failed try and schedules the next one at `nextAt`. */
  retryLater(id: number, nextAt: number, error: string): Promise<void>;
  /** Counts a failed try and gives up: the delivery is kept as a dead letter, not tried again. */
  deadLetter(id: number, now: number, error: string): Promise<void>;
  /** Dead letters, most recently given up on first. */
  deadLetters(limit: number): Promise<DeadLetter[]>;
  /** Makes dead letter `id` pending again, due at once with no tries counted; false when it is no dead letter. */
  revive(id: number): Promise<boolean>;
  /** Deletes dead letter `id`; false when it is no dead letter. */
  discard(id: number): Promise<boolean>;
  counts(): Promise<OutboxCounts>;
}

/** Daily counters for the help desk's insights (no user identifiers): metric, key, count per UTC day. */
export interface StatsStore {
  add(day: string, counts: { metric: string; key: string; n: number }[]): Promise<void>;
  since(day: string): Promise<{ day: string; metric: string; key: string; count: number }[]>;
}

/** Who asked for the monthly "test your VPN" reminder, how to reach them, and when the next one is due. */
export interface ReminderStore {
  /** Starts (or moves) the reminders of a conversation. */
  subscribe(key: string, sub: { channel: string; address: unknown; nextAt: number }): Promise<void>;
  /** Stops them; false when there were none. */
  unsubscribe(key: string): Promise<boolean>;
  /** Subscriptions due at `now`, oldest first. */
  due(
    now: number,
    limit: number,
  ): Promise<{ key: string; channel: string; address: unknown; nextAt: number }[]>;
  reschedule(key: string, nextAt: number): Promise<void>;
}

/** Messages waiting for a client that polls (the web chat): kept in order, read after an id, purged when old. */
export interface Mailbox {
  put(key: string, payload: unknown, now: number): Promise<number>;
  after(key: string, afterId: number, limit: number): Promise<{ id: number; payload: unknown }[]>;
  purge(cutoff: number): Promise<void>;
}
