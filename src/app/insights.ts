// What IT learns from the bot: which codes and problems come up most, how often self-help fixes it, how often people escalate.
import type { EngineEvent } from '../core/engine.ts';
import type { OutboxCounts } from '../store/handoff-store.ts';

/** One counter increment. */
export interface Count {
  metric: 'conversations' | 'shown' | 'resolved' | 'handoffs' | 'lookups';
  key: string;
  n: number;
}

/** A ranked key and how many times it came up. */
export interface Ranked {
  key: string;
  count: number;
}

/** The insights over a period, as the console and `vpnbot insights` show them. */
export interface Insights {
  since: string;
  days: number;
  conversations: number;
  resolved: number;
  handoffs: number;
  /** Share of conversations that ended with the user saying it was fixed; 0 when there were none. */
  resolutionRate: number;
  /** Share of conversations handed to a person. */
  escalationRate: number;
  topCodes: Ranked[];
  topAdvice: Ranked[];
  topLookups: Ranked[];
  handoffReasons: Ranked[];
  /** Deliveries waiting to go and deliveries given up on (dead letters), now; absent when not read. */
  outbox?: OutboxCounts;
}

/** The UTC day of a moment, as YYYY-MM-DD. */
export const dayOf = (epoch: number) => new Date(epoch).toISOString().slice(0, 10);

const shownKey = (outcome: string) => outcome.replace(/^outcome:/, '').replace(/^code:/, 'code ');

/** The counters one triage turn adds: a new conversation, advice shown, a fix confirmed, a handoff. */
export function turnCounts(events: readonly EngineEvent[], newConversation: boolean): Count[] {
  const counts: Count[] = newConversation ? [{ metric: 'conversations', key: 'all', n: 1 }] : [];
  for (const e of events) {
    if (e.type === 'outcome') counts.push({ metric: 'shown', key: shownKey(e.outcome), n: 1 });
    else if (e.type === 'resolved') counts.push({ metric: 'resolved', key: shownKey(e.outcome), n: 1 });
    else if (e.type === 'handoff') counts.push({ metric: 'handoffs', key: e.reason, n: 1 });
  }
  return counts;
}

const ranked = (rows: { key: string; count: number }[], limit = 10): Ranked[] => {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.key, (totals.get(r.key) ?? 0) + r.count);
  return [...totals]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, limit);
};

/** Sums daily counter rows into the insights for the `days` ending today, with the outbox's counts when given. */
export function summarizeInsights(
  rows: readonly { day: string; metric: string; key: string; count: number }[],
  days: number,
  since: string,
  outbox?: OutboxCounts,
): Insights {
  const of = (metric: string) => rows.filter((r) => r.metric === metric);
  const total = (metric: string) => of(metric).reduce((sum, r) => sum + r.count, 0);
  const conversations = total('conversations');
  const resolved = total('resolved');
  const handoffs = total('handoffs');
  const rate = (n: number) => (conversations ? Math.round((n / conversations) * 1000) / 1000 : 0);
  const shown = of('shown');
  return {
    since,
    days,
    conversations,
    resolved,
    handoffs,
    resolutionRate: rate(resolved),
    escalationRate: rate(handoffs),
    topCodes: ranked(
      shown.filter((r) => r.key.startsWith('code ')).map((r) => ({ ...r, key: r.key.slice(5) })),
    ),
    topAdvice: ranked(shown.filter((r) => !r.key.startsWith('code '))),
    topLookups: ranked(of('lookups')),
    handoffReasons: ranked(of('handoffs')),
    ...(outbox ? { outbox } : {}),
  };
}
