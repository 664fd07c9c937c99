// The monthly "test your VPN" reminder (the seed's pro tip): subscriptions from the conversation, sent through the outbox.

import type { Schedule } from '../core/business-hours.ts';
import { nextMonthlyCheck } from '../core/business-hours.ts';
import type { Reply } from '../core/card.ts';
import type { Input } from '../core/engine.ts';
import type { Outbox, ReminderStore } from '../store/handoff-store.ts';
import type { TurnListener } from './handoff-contracts.ts';
import type { Logger } from './logger.ts';

/** What the reminders are built from; `runTurn` puts the reminder through the engine so its buttons (and numbers) work. */
export interface RemindersDeps {
  store: ReminderStore;
  outbox: Outbox;
  desk: Schedule;
  runTurn(conversationKey: string, input: Input): Promise<Reply[]>;
  log: Logger;
  now?: () => number;
}

/** The reminders: kept in step with what users ask for, and sent when due. */
export interface Reminders {
  /** Subscribes or unsubscribes as the turn's events say; a user the bot cannot reach later is not subscribed. */
  afterTurn: TurnListener;
  /** Queues every reminder that is due and schedules the next one; returns how many went out. */
  runDue(): Promise<number>;
  start(intervalMs?: number): void;
  stop(): void;
}

/** Builds the reminders over their store and the delivery outbox. */
export function createReminders(deps: RemindersDeps): Reminders {
  const now = deps.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  const reminders: Reminders = {
    async afterTurn(key, from, _state, events) {
      for (const event of events) {
        if (event.type !== 'reminders') continue;
        if (!event.on) await deps.store.unsubscribe(key);
        else if (from && from.address !== undefined)
          await deps.store.subscribe(key, {
            channel: from.channel,
            address: from.address,
            nextAt: nextMonthlyCheck(deps.desk, now()),
          });
      }
    },

    async runDue() {
      let sent = 0;
      for (const sub of await deps.store.due(now(), 100)) {
        const replies = await deps.runTurn(sub.key, { kind: 'reminder' });
        if (replies.length)
          await deps.outbox.add('user', { channel: sub.channel, address: sub.address, replies }, now());
        await deps.store.reschedule(
          sub.key,
          nextMonthlyCheck(deps.desk, Math.max(now(), sub.nextAt) + 86_400_000),
        );
        sent++;
      }
      return sent;
    },

    start(intervalMs = 60_000) {
      timer ??= setInterval(() => {
        reminders.runDue().catch((err) => deps.log.warn({ err }, 'reminders: sending failed; will retry'));
      }, intervalMs);
      timer.unref();
    },

    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
  return reminders;
}
