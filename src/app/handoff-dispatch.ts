// Delivers what handoff cases owe the world: queue posts, their updates, thread relays, user messages, webhooks.
import type { Card, Reply } from '../core/card.ts';
import { type HandoffCase, patchPost } from '../core/handoff-case.ts';
import type { CaseStore, Outbox, OutboxItem } from '../store/handoff-store.ts';
import { updateCase } from './case-updates.ts';
import type { QueueTarget, UserChannel } from './handoff-contracts.ts';
import type { Logger } from './logger.ts';
import { isPermanentFailure, OUTBOX_RETRY, outboxRetryDelay, shortError } from './outbox-retry.ts';

/** What the dispatcher reads and writes; `targets` and `users` are live maps the service fills. */
export interface DispatchDeps {
  cases: CaseStore;
  outbox: Outbox;
  targets: ReadonlyMap<string, QueueTarget>;
  users: ReadonlyMap<string, UserChannel>;
  card(c: HandoffCase): Card;
  /** Queues the notices a case owes (user news, webhook events); throws to be retried on the next pass. */
  deliverPending(c: HandoffCase): Promise<void>;
  deliverWebhook?(payload: unknown): Promise<void>;
  log: Logger;
  now(): number;
  /** Jitter for outbox retries (Math.random unless a test fixes it). */
  random?(): number;
}

/** The dispatcher: `dispatch()` runs one pass (single-flight; a call during a pass queues one more). */
export interface Dispatcher {
  dispatch(): Promise<void>;
}

const RECENT_DAY = 86_400_000;
/** The user channel an outbox item goes to ('webhook' for the ticket webhook), for the logs. */
const channelOf = (item: OutboxItem) =>
  item.kind === 'user' ? String((item.payload as { channel?: unknown })?.channel ?? '?') : item.kind;
/** Wait before a case post's retry number `attempts + 1`: 1 s, 2 s, 4 s … at most 5 minutes. */
export const backoff = (attempts: number) => Math.min(300_000, 1000 * 2 ** Math.min(attempts, 9));

/** Builds the dispatcher over the stores; every failure is logged and rescheduled, never thrown. */
export function createDispatcher(deps: DispatchDeps): Dispatcher {
  const { now } = deps;
  const users = deps.users;
  let running: Promise<void> | undefined;
  let again = false;
  /** Who this dispatcher is when it leases a case in a store shared by many instances. */
  const leaseHolder = crypto.randomUUID();

  const deliver = async (item: OutboxItem) => {
    if (item.kind === 'user') {
      const { channel, address, replies } = item.payload as {
        channel: string;
        address: unknown;
        replies: Reply[];
      };
      const sender = users.get(channel);
      if (!sender) throw new Error(`no way to reach users on ${channel} right now`);
      await sender.send(address, replies);
    } else if (item.kind === 'webhook') {
      await deps.deliverWebhook?.(item.payload);
    }
  };

  /** Schedules the next try of a failed delivery, or dead-letters it when it cannot go or has had its tries. */
  const failed = async (item: OutboxItem, err: unknown) => {
    const attempts = item.attempts + 1;
    const error = shortError(err);
    const about = { kind: item.kind, channel: channelOf(item), outboxId: item.id, attempts, error };
    if (isPermanentFailure(err) || attempts >= OUTBOX_RETRY.maxAttempts) {
      deps.log.error(
        { err, ...about },
        'delivery given up on; it waits in the agent console under Undelivered',
      );
      await deps.outbox.deadLetter(item.id, now(), error);
      return;
    }
    deps.log.warn({ err, ...about }, 'delivery failed; will retry');
    await deps.outbox.retryLater(item.id, now() + outboxRetryDelay(attempts, deps.random), error);
  };

  const dispatchOutbox = async () => {
    for (const item of await deps.outbox.due(now(), 50)) {
      try {
        await deliver(item);
      } catch (err) {
        await failed(item, err);
        continue;
      }
      await deps.outbox.done(item.id);
    }
  };

  const dispatchPost = async (listed: HandoffCase, target: QueueTarget) => {
    const post = listed.posts.find((p) => p.target === target.name);
    const last = listed.lines.at(-1)?.seq ?? 0;
    const behind =
      post &&
      post.nextAttemptAt <= now() &&
      (!post.postedAt || (post.shownVersion ?? 0) < listed.version || last > (post.relayedSeq ?? 0));
    if (!behind || !deps.cases.lease) return postCase(listed, target);
    // A store shared by many instances: one instance at a time works a case, on the case as it is once leased.
    if (!(await deps.cases.lease(listed.id, leaseHolder, now(), now() + 120_000))) return;
    try {
      const stored = await deps.cases.get(listed.id);
      if (stored) await postCase(stored.case, target);
    } finally {
      await deps.cases.lease(listed.id, leaseHolder, now(), now()).catch(() => {});
    }
  };

  const postCase = async (c: HandoffCase, target: QueueTarget) => {
    const post = c.posts.find((p) => p.target === target.name);
    if (!post || post.nextAttemptAt > now()) return;
    const patch = async (fields: Parameters<typeof patchPost>[2]) =>
      updateCase(deps.cases, c.id, (fresh) => ({ ok: true, case: patchPost(fresh, target.name, fields) }));
    try {
      let ref = post.ref;
      if (!post.postedAt) {
        ref = await target.post(c, deps.card(c));
        await patch({ ref, postedAt: now(), shownVersion: c.version, attempts: 0, lastError: undefined });
      } else if ((post.shownVersion ?? 0) < c.version) {
        await target.update(c, ref, deps.card(c));
        await patch({ shownVersion: c.version, attempts: 0, lastError: undefined });
      }
      const fresh = c.lines.filter(
        (l) =>
          l.seq > (post.relayedSeq ?? 0) &&
          (l.from === 'user' || l.from === 'agent') &&
          l.via !== target.name,
      );
      const last = c.lines.at(-1)?.seq ?? 0;
      if (fresh.length) await target.relay(c, ref, fresh);
      if (last > (post.relayedSeq ?? 0)) await patch({ relayedSeq: last });
    } catch (err) {
      deps.log.warn({ err, caseId: c.id, target: target.name }, 'posting the case failed; will retry');
      await patch({
        attempts: post.attempts + 1,
        nextAttemptAt: now() + backoff(post.attempts),
        lastError: (err as Error).message ?? String(err),
      });
    }
  };

  const dispatchOnce = async () => {
    const cases = (await deps.cases.list(now() - RECENT_DAY)).map((s) => s.case);
    // Notices first, so what they queue goes out in this same pass.
    for (const c of cases.filter((x) => x.pending?.length))
      await deps
        .deliverPending(c)
        .catch((err) => deps.log.warn({ err, caseId: c.id }, 'case notices; will retry'));
    await dispatchOutbox();
    for (const c of cases) for (const target of deps.targets.values()) await dispatchPost(c, target);
  };

  return {
    dispatch() {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        try {
          do {
            again = false;
            await dispatchOnce();
          } while (again);
        } catch (err) {
          deps.log.error({ err }, 'handoff dispatch failed');
        } finally {
          running = undefined;
        }
      })();
      return running;
    },
  };
}
