// A handoff case: the durable record of a user waiting for, or talking with, a person. Pure: no I/O, no clock.

/** Where a case stands: waiting in the queue, taken by an agent, or over. */
export type CaseStatus = 'queued' | 'claimed' | 'closed' | 'cancelled';

/** Why the bot handed over. */
export type HandoffReason = 'asked' | 'not_fixed' | 'dead_end';

/** The person working a case, as the place they work from knows them. */
export interface Agent {
  id: string;
  name: string;
  via: string;
}

/** One line of the case's conversation, already redacted. */
export interface CaseLine {
  /** Increases by one per line of the case; survives trimming, so posts can track what they have shown. */
  seq: number;
  at: number;
  /** The queue target the line came from (an agent writing in Slack), so it is not echoed back there. */
  via?: string;
  from: 'user' | 'bot' | 'agent' | 'system';
  name?: string;
  text: string;
}

/** What the agent reads first: everything the bot learned, so nobody asks the user twice. */
export interface CaseSummary {
  reason: HandoffReason;
  vpnType?: string;
  network?: string;
  codes: { code: string; title: string; meaning: string }[];
  checks: { question: string; answer: string }[];
  suggested: string[];
}

/** One place the case is announced (a Slack channel, a Teams channel, the console), and how far that got. */
export interface CasePost {
  target: string;
  ref?: unknown;
  postedAt?: number;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  /** The case version last shown there; behind `version` means the post needs an update. */
  shownVersion?: number;
  /** The last line seq relayed into the post's thread. */
  relayedSeq?: number;
}

/** The whole case, stored as JSON. */
export interface HandoffCase {
  id: string;
  conversationKey: string;
  channel: string;
  /** How to reach the user again (a channel-specific, JSON-safe address). */
  address: unknown;
  userName?: string;
  status: CaseStatus;
  createdAt: number;
  updatedAt: number;
  claimedAt?: number;
  claimedBy?: Agent;
  closedAt?: number;
  closedBy?: Agent;
  note?: string;
  summary: CaseSummary;
  lines: CaseLine[];
  posts: CasePost[];
  /** Notices owed to the user or the ticket webhook, written with the change that caused them, removed once queued. */
  pending?: PendingNotice[];
  /** Bumped on every change the posts should reflect. */
  version: number;
}

/** A notice a case owes: news for the user (through the engine), or a ticket webhook event. */
export type PendingNotice =
  | {
      seq: number;
      kind: 'user';
      event: 'claimed' | 'message' | 'returned' | 'closed';
      agent: string;
      text?: string;
    }
  | { seq: number; kind: 'webhook'; event: 'case.opened' | 'case.closed' };

/** The case owing one more notice (numbered after the last). */
export function addPending(c: HandoffCase, notice: DistributiveOmit<PendingNotice, 'seq'>): HandoffCase {
  const pending = c.pending ?? [];
  const seq = Math.max(0, ...pending.map((p) => p.seq), c.version) + 1;
  return { ...c, pending: [...pending, { ...notice, seq } as PendingNotice] };
}

/** The case without the notice numbered `seq` (it has been queued for delivery). */
export function dropPending(c: HandoffCase, seq: number): HandoffCase {
  return { ...c, pending: (c.pending ?? []).filter((p) => p.seq !== seq) };
}

/** Omit over each member of a union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The longest transcript a case keeps; older lines are dropped first. */
export const MAX_CASE_LINES = 200;
const MAX_LINE_CHARS = 2000;

/** True while the case still needs or has an agent. */
export function isOpen(c: Pick<HandoffCase, 'status'>): boolean {
  return c.status === 'queued' || c.status === 'claimed';
}

/** A new queued case, announced to every target in `targets`. */
export function newCase(fields: {
  id: string;
  conversationKey: string;
  channel: string;
  address: unknown;
  userName?: string;
  summary: CaseSummary;
  lines: Omit<CaseLine, 'seq'>[];
  targets: readonly string[];
  now: number;
}): HandoffCase {
  const { targets, now, lines, ...rest } = fields;
  const kept = lines.slice(-MAX_CASE_LINES).map((l, i) => ({ ...l, seq: i + 1 }));
  const last = kept.length;
  return {
    ...rest,
    status: 'queued',
    createdAt: now,
    updatedAt: now,
    lines: kept,
    posts: targets.map((target) => ({ target, attempts: 0, nextAttemptAt: now, relayedSeq: last })),
    version: 1,
  };
}

/** The outcome of an agent's or user's request on a case. */
export type CaseChange =
  | { ok: true; case: HandoffCase }
  | { ok: false; why: 'claimed_by_other' | 'not_open' | 'not_claimed' | 'not_yours'; holder?: Agent };

const changed = (c: HandoffCase, now: number, patch: Partial<HandoffCase>): HandoffCase => ({
  ...c,
  ...patch,
  updatedAt: now,
  version: c.version + 1,
});

/** The first agent to claim a queued case gets it; the same agent claiming again is a no-op success. */
export function claim(c: HandoffCase, agent: Agent, now: number): CaseChange {
  if (c.status === 'claimed' && c.claimedBy?.id === agent.id && c.claimedBy.via === agent.via)
    return { ok: true, case: c };
  if (c.status === 'claimed') return { ok: false, why: 'claimed_by_other', holder: c.claimedBy };
  if (c.status !== 'queued') return { ok: false, why: 'not_open' };
  return {
    ok: true,
    case: changed(addLine(c, { at: now, from: 'system', text: `${agent.name} claimed the case` }), now, {
      status: 'claimed',
      claimedAt: now,
      claimedBy: agent,
    }),
  };
}

/** The agent who holds the case ends it: `closed` with an optional note, or `returned` to the bot (closed, no note). */
export function finish(c: HandoffCase, agent: Agent, now: number, note?: string): CaseChange {
  if (!isOpen(c)) return { ok: false, why: 'not_open' };
  if (c.status === 'claimed' && (c.claimedBy?.id !== agent.id || c.claimedBy.via !== agent.via))
    return { ok: false, why: 'not_yours', holder: c.claimedBy };
  const cleanNote = note?.trim().slice(0, MAX_LINE_CHARS) || undefined;
  const line: Omit<CaseLine, 'seq'> = {
    at: now,
    from: 'system',
    text: `${agent.name} closed the case${cleanNote ? `: ${cleanNote}` : ''}`,
  };
  return {
    ok: true,
    case: changed(addLine(c, line), now, {
      status: 'closed',
      closedAt: now,
      closedBy: agent,
      note: cleanNote,
    }),
  };
}

/** The user withdraws a case that no agent has taken yet. */
export function cancel(c: HandoffCase, now: number): CaseChange {
  if (c.status !== 'queued')
    return { ok: false, why: c.status === 'claimed' ? 'claimed_by_other' : 'not_open', holder: c.claimedBy };
  return {
    ok: true,
    case: changed(addLine(c, { at: now, from: 'system', text: 'The user cancelled the request' }), now, {
      status: 'cancelled',
      closedAt: now,
    }),
  };
}

/** The case with one more transcript line (cut to size; the oldest lines go when there are too many). */
export function addLine(c: HandoffCase, line: Omit<CaseLine, 'seq'>): HandoffCase {
  const text = line.text.slice(0, MAX_LINE_CHARS);
  const seq = (c.lines.at(-1)?.seq ?? 0) + 1;
  return { ...c, lines: [...c.lines, { ...line, seq, text }].slice(-MAX_CASE_LINES) };
}

/** How long the case has waited (or waited until claimed), in words a queue shows: "4 min", "2 h 5 min". */
export function waitedWords(
  c: Pick<HandoffCase, 'createdAt' | 'claimedAt' | 'closedAt'>,
  now: number,
): string {
  const end = c.claimedAt ?? c.closedAt ?? now;
  const minutes = Math.max(0, Math.floor((end - c.createdAt) / 60_000));
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.floor(hours / 24)} days`;
}

/** The post of `target`, updated by `patch`. */
export function patchPost(c: HandoffCase, target: string, patch: Partial<CasePost>): HandoffCase {
  return { ...c, posts: c.posts.map((p) => (p.target === target ? { ...p, ...patch } : p)) };
}
