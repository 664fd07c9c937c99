// Adds up what a scenario's conversations saw against what the database kept.
import type { Conversation } from './conversations.ts';
import type { Versions } from './stores.ts';

/** One scenario's figures. */
export interface Tally {
  turns: number;
  inFlightAtFault: number;
  storedAnswers: number;
  ranOnRetry: number;
  lost: number;
  appliedTwice: number;
  emptyAnswers: number;
}

/** Compares every conversation's acknowledged turns with the turns saved under its key. */
export function tally(conversations: Conversation[], versions: Versions, inFlight: number): Tally {
  const t: Tally = {
    turns: 0,
    inFlightAtFault: inFlight,
    storedAnswers: 0,
    ranOnRetry: 0,
    lost: 0,
    appliedTwice: 0,
    emptyAnswers: 0,
  };
  for (const c of conversations) {
    const saved = versions.get(`web:${c.id}`) ?? 0;
    t.turns += c.sent;
    t.storedAnswers += c.storedAnswers;
    t.ranOnRetry += c.ranOnRetry;
    t.emptyAnswers += c.emptyAnswers;
    if (saved < c.sent) t.lost += c.sent - saved;
    if (saved > c.sent) t.appliedTwice += saved - c.sent;
  }
  return t;
}

/** Sums tallies of several rounds. */
export function sum(tallies: Tally[]): Tally {
  const out = tally([], new Map(), 0);
  for (const t of tallies) for (const k of Object.keys(out) as (keyof Tally)[]) out[k] += t[k];
  return out;
}
