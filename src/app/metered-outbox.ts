// Counts the delivery outbox's retries and give-ups as they happen; its depth is read at scrape time (metrics.ts).
import type { Outbox } from '../store/handoff-store.ts';
import type { Metrics } from './metrics.ts';

/** The same outbox, counting each `retryLater` and `deadLetter` that was written. */
export function meterOutbox(outbox: Outbox, metrics: Metrics): Outbox {
  return {
    ...outbox,
    retryLater: async (id, nextAt, error) => {
      await outbox.retryLater(id, nextAt, error);
      metrics.outboxRetries.inc();
    },
    deadLetter: async (id, now, error) => {
      await outbox.deadLetter(id, now, error);
      metrics.outboxDeadLetters.inc();
    },
  };
}
