import type { Reply } from '../core/card.ts';
import { caseCard } from '../core/case-card.ts';
import type { ConversationState } from '../core/conversation-state.ts';
import type { HandoffInput } from '../core/engine.ts';
import {
  addLine,
  addPending,
  type CaseChange,
  type CaseLine,
  type CaseSummary,
  cancel,
  claim,
  type DistributiveOmit,
  dropPending,
  finish,
  type HandoffCase,
  type HandoffReason,
  newCase,
  type PendingNotice,
} from '../core/handoff-case.ts';
import { type Phrases, say } from '../core/phrases.ts';
import { redactSecrets } from '../core/redact.ts';
import type { CaseStore, Outbox, TranscriptStore } from '../store/handoff-store.ts';
import { updateCase } from './case-updates.ts';
import type { HandoffEvent, HandoffService, QueueTarget, UserChannel, UserRef } from './handoff-contracts.ts';
import { createDispatcher } from './handoff-dispatch.ts';
import type { Logger } from './logger.ts';

/** What the service is built from; `runTurn` feeds case news through the engine and returns what to tell the user. */
export interface HandoffServiceDeps {
  cases: CaseStore;
  transcripts: TranscriptStore;
  outbox: Outbox;
  phrases: Phrases;
  runTurn(conversationKey: string, input: HandoffInput): Promise<Reply[]>;
  summarize(
    state: ConversationState,
    reason: HandoffReason,
    lines: readonly Omit<CaseLine, 'seq'>[],
  ): CaseSummary;
  deliverWebhook?(payload: unknown): Promise<void>;
  log: Logger;
  now?: () => number;
  newId?: () => string;
  /** Told when a case opens, is claimed or ends (metrics); must not throw. */
  onEvent?: (event: HandoffEvent) => void;
}

/** What the ticket webhook receives: the case without anything that reaches the user (phone numbers, chat ids stay here). */
const webhookBody = (event: string, c: HandoffCase) => {
  const { address: _address, posts: _posts, conversationKey: _key, ...rest } = c;
  return { event, case: rest };
};

const randomId = () => {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `VPN-${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
};

/** How long closed cases stay in the list agents see. */
const RECENT_MS = 86_400_000;

/** Builds the service; call `start()` to run deliveries in the background. */
export function createHandoffService(deps: HandoffServiceDeps): HandoffService {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? randomId;
  const targets = new Map<string, QueueTarget>();
  const users = new Map<string, UserChannel>();
  let timer: NodeJS.Timeout | undefined;
  const dispatcher = createDispatcher({
    deliverPending: (c) => deliverPending(c.id),
    cases: deps.cases,
    outbox: deps.outbox,
    targets,
    users,
    card: (c) => caseCard(c, now(), deps.phrases),
    deliverWebhook: deps.deliverWebhook,
    log: deps.log,
    now,
  });

  const kick = () => {
    setImmediate(() => void service.dispatch());
  };

  const update = (caseId: string, change: (c: HandoffCase) => CaseChange) =>
    updateCase(deps.cases, caseId, change);

  /** Turns one owed notice into outbox deliveries, then drops it from the case (at least once, in order). */
  const queueNotice = async (c: HandoffCase, notice: PendingNotice) => {
    if (notice.kind === 'webhook') {
      if (deps.deliverWebhook) await deps.outbox.add('webhook', webhookBody(notice.event, c), now());
    } else {
      const { seq: _seq, kind: _kind, ...news } = notice;
      const replies = await deps.runTurn(c.conversationKey, { kind: 'handoff', ...news });
      if (replies.length && c.address !== undefined)
        await deps.outbox.add(
          'user',
          { channel: c.channel, address: c.address, replies, caseId: c.id },
          now(),
        );
    }
    await update(c.id, (fresh) => ({ ok: true, case: dropPending(fresh, notice.seq) }));
  };
  const delivering = new Map<string, Promise<void>>();
  const leaseHolder = `notices-${crypto.randomUUID()}`;
  /**
   * Queues every notice a case owes: one case at a time in this process, and (in a store shared by many
   * instances) under the case's lease, so no notice is queued twice; a failure leaves the rest for the dispatcher.
   */
  const deliverPending = (caseId: string): Promise<void> => {
    const running = delivering.get(caseId);
    if (running) return running;
    const run = (async () => {
      if (deps.cases.lease && !(await deps.cases.lease(caseId, leaseHolder, now(), now() + 120_000))) return;
      try {
        for (let guard = 0; guard < 50; guard++) {
          const c = (await deps.cases.get(caseId))?.case;
          const notice = c?.pending?.[0];
          if (!c || !notice) return;
          await queueNotice(c, notice);
        }
      } finally {
        await deps.cases.lease?.(caseId, leaseHolder, now(), now()).catch(() => {});
      }
    })().finally(() => delivering.delete(caseId));
    delivering.set(caseId, run);
    return run;
  };
  /** Writes `change` and, with it, the notices it owes; then tries to deliver them at once (the dispatcher retries). */
  const changeAndNotify = async (
    caseId: string,
    change: (c: HandoffCase) => CaseChange,
    notices: (before: HandoffCase, after: HandoffCase) => DistributiveOmit<PendingNotice, 'seq'>[],
  ): Promise<CaseChange> => {
    const result = await update(caseId, (c) => {
      const changed = change(c);
      if (!changed.ok || changed.case === c) return changed;
      return { ok: true, case: notices(c, changed.case).reduce(addPending, changed.case) };
    });
    if (result.ok) {
      await deliverPending(caseId).catch((err) =>
        deps.log.warn({ err, caseId }, 'case notice not queued yet; will retry'),
      );
      kick();
    }
    return result;
  };

  const open = async (
    key: string,
    from: UserRef | undefined,
    state: ConversationState,
    reason: HandoffReason,
  ) => {
    if (await deps.cases.openFor(key)) return;
    const lines = await deps.transcripts.recent(key, 40);
    const fresh = newCase({
      id: newId(),
      conversationKey: key,
      channel: from?.channel ?? key.split(':')[0] ?? 'unknown',
      address: from?.address,
      userName: from?.userName,
      summary: deps.summarize(state, reason, lines),
      lines,
      targets: [...targets.keys()],
      now: now(),
    });
    const c = deps.deliverWebhook ? addPending(fresh, { kind: 'webhook', event: 'case.opened' }) : fresh;
    if (!(await deps.cases.create(c))) return;
    await deliverPending(c.id).catch((err) => deps.log.warn({ err, caseId: c.id }, 'webhook not queued yet'));
    deps.log.info({ caseId: c.id, channel: c.channel, reason }, 'handoff case opened');
    deps.onEvent?.({ type: 'opened', channel: c.channel });
  };

  const strandedUser = async (key: string, from: UserRef | undefined) => {
    const replies = await deps.runTurn(key, {
      kind: 'handoff',
      event: 'returned',
      agent: say(deps.phrases, 'handoff.someone'),
    });
    if (replies.length && from?.address !== undefined)
      await deps.outbox.add('user', { channel: from.channel, address: from.address, replies }, now());
  };

  const cancelled = (change: CaseChange | undefined) => {
    if (change?.ok && change.case.status === 'cancelled')
      deps.onEvent?.({ type: 'closed', channel: change.case.channel, how: 'cancelled' });
  };

  const withOpenCase = async (key: string, change: (c: HandoffCase) => CaseChange) => {
    const stored = await deps.cases.openFor(key);
    return stored ? update(stored.case.id, change) : undefined;
  };

  const service: HandoffService = {
    async afterTurn(key, from, state, events) {
      for (const event of events) {
        if (event.type === 'handoff') await open(key, from, state, event.reason);
        else if (event.type === 'handoff_cancel') cancelled(await withOpenCase(key, (c) => cancel(c, now())));
        else if (event.type === 'relay') {
          const relayed = await withOpenCase(key, (c) => ({
            ok: true,
            case: addLine(c, { at: now(), from: 'user', name: c.userName, text: redactSecrets(event.text) }),
          }));
          // No open case any more (closed while the news was lost): hand the user back to the bot.
          if (!relayed) await strandedUser(key, from);
        }
      }
      if (events.some((e) => e.type === 'handoff' || e.type === 'handoff_cancel' || e.type === 'relay'))
        kick();
    },

    async userLeft(key, note) {
      const left = await withOpenCase(key, (c) =>
        c.status === 'queued'
          ? cancel(c, now())
          : { ok: true, case: addLine(c, { at: now(), from: 'user', name: c.userName, text: note }) },
      );
      cancelled(left);
      kick();
    },

    async claim(caseId, agent) {
      let wasQueued = false;
      const result = await changeAndNotify(
        caseId,
        (c) => {
          wasQueued = c.status === 'queued';
          return claim(c, agent, now());
        },
        (before) =>
          before.status === 'queued' ? [{ kind: 'user', event: 'claimed', agent: agent.name }] : [],
      );
      if (result.ok && wasQueued) {
        const c = result.case;
        deps.onEvent?.({
          type: 'claimed',
          channel: c.channel,
          waitedMs: (c.claimedAt ?? now()) - c.createdAt,
        });
      }
      return result;
    },

    async agentSays(caseId, agent, text) {
      const clean = text.trim().slice(0, 2000);
      if (!clean) return { ok: false, why: 'not_open' };
      const stored = await deps.cases.get(caseId);
      if (stored?.case.status === 'queued') {
        const claimed = await service.claim(caseId, agent);
        if (!claimed.ok) return claimed;
      }
      return changeAndNotify(
        caseId,
        (c) => {
          if (c.status !== 'claimed') return { ok: false, why: 'not_open' };
          if (c.claimedBy?.id !== agent.id || c.claimedBy.via !== agent.via)
            return { ok: false, why: 'not_yours', holder: c.claimedBy };
          return {
            ok: true,
            case: addLine(c, { at: now(), from: 'agent', name: agent.name, via: agent.via, text: clean }),
          };
        },
        () => [{ kind: 'user', event: 'message', agent: agent.name, text: clean }],
      );
    },

    async finish(caseId, agent, how, note) {
      const result = await changeAndNotify(
        caseId,
        (c) => finish(c, agent, now(), how === 'close' ? note : undefined),
        (_before, after) => [
          {
            kind: 'user',
            event: how === 'close' ? 'closed' : 'returned',
            agent: agent.name,
            text: after.note,
          },
          ...(deps.deliverWebhook ? [{ kind: 'webhook', event: 'case.closed' } as const] : []),
        ],
      );
      if (result.ok)
        deps.onEvent?.({
          type: 'closed',
          channel: result.case.channel,
          how: how === 'close' ? 'closed' : 'returned',
        });
      return result;
    },

    get: async (id) => (await deps.cases.get(id))?.case,
    openCase: async (key) => (await deps.cases.openFor(key))?.case,
    list: async () => (await deps.cases.list(now() - RECENT_MS)).map((s) => s.case),
    card: (c) => caseCard(c, now(), deps.phrases),
    addTarget: (t) => void targets.set(t.name, t),
    addUserChannel: (channel, sender) => void users.set(channel, sender),

    dispatch: () => dispatcher.dispatch(),

    start(intervalMs = 2000) {
      timer ??= setInterval(() => void service.dispatch(), intervalMs);
      timer.unref();
      kick();
    },

    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await dispatcher.dispatch();
    },
  };
  return service;
}
