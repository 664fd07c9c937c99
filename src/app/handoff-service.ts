// Runs handoff cases: opens them durably, lets agents claim, talk and close, and delivers every message until it goes.
import type { Card, Reply } from '../core/card.ts';
import { caseCard } from '../core/case-card.ts';
import type { ConversationState } from '../core/conversation-state.ts';
import type { EngineEvent, HandoffInput } from '../core/engine.ts';
import {
  type Agent,
  addLine,
  type CaseChange,
  type CaseLine,
  type CaseSummary,
  cancel,
  claim,
  finish,
  type HandoffCase,
  type HandoffReason,
  newCase,
  patchPost,
} from '../core/handoff-case.ts';
import type { Phrases } from '../core/phrases.ts';
import { redactSecrets } from '../core/redact.ts';
import type { CaseStore, Outbox, OutboxItem, TranscriptStore } from '../store/handoff-store.ts';
import type { Logger } from './logger.ts';

/** Who a conversation belongs to and how to reach them again outside a request. */
export interface UserRef {
  channel: string;
  address: unknown;
  userName?: string;
}

/** Sends bot replies to a user outside a request (agent messages, news about their case); throws to be retried. */
export interface UserChannel {
  send(address: unknown, replies: Reply[]): Promise<void>;
}

/** A place agents see the queue: posts a case card, updates it, and relays the conversation into its thread. */
export interface QueueTarget {
  name: string;
  post(c: HandoffCase, card: Card): Promise<unknown>;
  update(c: HandoffCase, ref: unknown, card: Card): Promise<void>;
  relay(c: HandoffCase, ref: unknown, lines: CaseLine[]): Promise<void>;
}

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
}

/** The handoff service as channels and the agent console use it. */
export interface HandoffService {
  /** Acts on a user's turn: opens, cancels or relays as the engine's events say. */
  afterTurn(
    key: string,
    from: UserRef | undefined,
    state: ConversationState,
    events: EngineEvent[],
  ): Promise<void>;
  claim(caseId: string, agent: Agent): Promise<CaseChange>;
  /** An agent writes to the user; writing to a queued case claims it. */
  agentSays(caseId: string, agent: Agent, text: string): Promise<CaseChange>;
  finish(caseId: string, agent: Agent, how: 'close' | 'return', note?: string): Promise<CaseChange>;
  get(caseId: string): Promise<HandoffCase | undefined>;
  /** Open cases and those closed in the last day, oldest first. */
  list(): Promise<HandoffCase[]>;
  /** The card of a case as agents see it now. */
  card(c: HandoffCase): Card;
  addTarget(target: QueueTarget): void;
  addUserChannel(channel: string, sender: UserChannel): void;
  /** Delivers everything due now (posts, updates, relays, user messages, webhooks); safe to call any time. */
  dispatch(): Promise<void>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

const MAX_ATTEMPTS_PER_WRITE = 8;
const RECENT_DAY = 86_400_000;
const backoff = (attempts: number) => Math.min(300_000, 1000 * 2 ** Math.min(attempts, 9));

/** What the ticket webhook receives: the case without the user's address (phone numbers, chat ids stay here). */
const webhookBody = (event: string, c: HandoffCase) => {
  const { address: _address, posts: _posts, ...rest } = c;
  return { event, case: rest };
};

const randomId = () => {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `VPN-${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
};

/** Builds the service; call `start()` to run deliveries in the background. */
export function createHandoffService(deps: HandoffServiceDeps): HandoffService {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? randomId;
  const targets = new Map<string, QueueTarget>();
  const users = new Map<string, UserChannel>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const kick = () => {
    setImmediate(() => void service.dispatch());
  };

  /** Applies `change` to a stored case with compare-and-set, retrying on conflict. */
  const update = async (caseId: string, change: (c: HandoffCase) => CaseChange): Promise<CaseChange> => {
    for (let i = 0; i < MAX_ATTEMPTS_PER_WRITE; i++) {
      const stored = await deps.cases.get(caseId);
      if (!stored) return { ok: false, why: 'not_open' };
      const result = change(stored.case);
      if (!result.ok || result.case === stored.case) return result;
      if (await deps.cases.put(result.case, stored.rev)) return result;
    }
    throw new Error(`case ${caseId} kept changing under concurrent writes`);
  };

  const tellUser = async (c: HandoffCase, news: Omit<HandoffInput, 'kind'>) => {
    const replies = await deps.runTurn(c.conversationKey, { kind: 'handoff', ...news });
    if (replies.length && c.address !== undefined)
      await deps.outbox.add('user', { channel: c.channel, address: c.address, replies }, now());
  };

  const open = async (
    key: string,
    from: UserRef | undefined,
    state: ConversationState,
    reason: HandoffReason,
  ) => {
    if (await deps.cases.openFor(key)) return;
    const lines = await deps.transcripts.recent(key, 40);
    const c = newCase({
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
    await deps.cases.create(c);
    if (deps.deliverWebhook) await deps.outbox.add('webhook', webhookBody('case.opened', c), now());
    deps.log.info({ caseId: c.id, channel: c.channel, reason }, 'handoff case opened');
  };

  const withOpenCase = async (key: string, change: (c: HandoffCase) => CaseChange) => {
    const stored = await deps.cases.openFor(key);
    return stored ? update(stored.case.id, change) : undefined;
  };

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

  const dispatchOutbox = async () => {
    for (const item of await deps.outbox.due(now(), 50)) {
      try {
        await deliver(item);
        await deps.outbox.done(item.id);
      } catch (err) {
        deps.log.warn({ err, kind: item.kind, attempts: item.attempts + 1 }, 'delivery failed; will retry');
        await deps.outbox.retryLater(
          item.id,
          now() + backoff(item.attempts),
          (err as Error).message ?? String(err),
        );
      }
    }
  };

  const dispatchPost = async (c: HandoffCase, target: QueueTarget) => {
    const post = c.posts.find((p) => p.target === target.name);
    if (!post || post.nextAttemptAt > now()) return;
    const patch = async (fields: Parameters<typeof patchPost>[2]) =>
      update(c.id, (fresh) => ({ ok: true, case: patchPost(fresh, target.name, fields) }));
    try {
      let ref = post.ref;
      if (!post.postedAt) {
        ref = await target.post(c, service.card(c));
        await patch({ ref, postedAt: now(), shownVersion: c.version, attempts: 0, lastError: undefined });
      } else if ((post.shownVersion ?? 0) < c.version) {
        await target.update(c, ref, service.card(c));
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
    await dispatchOutbox();
    for (const { case: c } of await deps.cases.list(now() - RECENT_DAY)) {
      for (const target of targets.values()) await dispatchPost(c, target);
    }
  };

  const service: HandoffService = {
    async afterTurn(key, from, state, events) {
      for (const event of events) {
        if (event.type === 'handoff') await open(key, from, state, event.reason);
        else if (event.type === 'handoff_cancel') await withOpenCase(key, (c) => cancel(c, now()));
        else if (event.type === 'relay')
          await withOpenCase(key, (c) => ({
            ok: true,
            case: addLine(c, { at: now(), from: 'user', name: c.userName, text: redactSecrets(event.text) }),
          }));
      }
      if (events.some((e) => e.type === 'handoff' || e.type === 'handoff_cancel' || e.type === 'relay'))
        kick();
    },

    async claim(caseId, agent) {
      const before = await deps.cases.get(caseId);
      const result = await update(caseId, (c) => claim(c, agent, now()));
      if (result.ok && before?.case.status === 'queued') {
        await tellUser(result.case, { event: 'claimed', agent: agent.name });
        kick();
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
      const result = await update(caseId, (c) => {
        if (c.status !== 'claimed') return { ok: false, why: 'not_open' };
        if (c.claimedBy?.id !== agent.id || c.claimedBy.via !== agent.via)
          return { ok: false, why: 'not_yours', holder: c.claimedBy };
        return {
          ok: true,
          case: addLine(c, { at: now(), from: 'agent', name: agent.name, via: agent.via, text: clean }),
        };
      });
      if (result.ok) {
        await tellUser(result.case, { event: 'message', agent: agent.name, text: clean });
        kick();
      }
      return result;
    },

    async finish(caseId, agent, how, note) {
      const result = await update(caseId, (c) => finish(c, agent, now(), how === 'close' ? note : undefined));
      if (result.ok) {
        await tellUser(result.case, {
          event: how === 'close' ? 'closed' : 'returned',
          agent: agent.name,
          text: result.case.note,
        });
        if (deps.deliverWebhook)
          await deps.outbox.add('webhook', { event: 'case.closed', case: result.case }, now());
        kick();
      }
      return result;
    },

    get: async (id) => (await deps.cases.get(id))?.case,
    list: async () => (await deps.cases.list(now() - RECENT_DAY)).map((s) => s.case),
    card: (c) => caseCard(c, now(), deps.phrases),
    addTarget: (t) => void targets.set(t.name, t),
    addUserChannel: (channel, sender) => void users.set(channel, sender),

    async dispatch() {
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

    start(intervalMs = 2000) {
      timer ??= setInterval(() => void service.dispatch(), intervalMs);
      timer.unref();
      kick();
    },

    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
  return service;
}
