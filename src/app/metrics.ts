// What the bot counts for operators, in the Prometheus text format (docs/operations.md, "Metrics"): one registry per app.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { OutboxCounts } from '../store/handoff-store.ts';
import type { HandoffEvent } from './handoff-contracts.ts';

/** How a user's turn ended. */
export type TurnOutcome = 'answered' | 'duplicate' | 'store_down' | 'bad_data' | 'error';

/** How a picture handed to the reader ended: read, or the reason it was not. */
export type OcrOutcome = 'read' | 'too_big' | 'busy' | 'not_an_image' | 'timeout' | 'failed';

const OCR_OUTCOMES: readonly OcrOutcome[] = ['read', 'too_big', 'busy', 'not_an_image', 'timeout', 'failed'];
const STORE_ERRORS = ['unavailable', 'bad_data'] as const;

/** The registry and every metric the bot keeps; the `meter*` decorators and the handoff service feed it. */
export interface Metrics {
  registry: Registry;
  turns: Counter<'channel' | 'outcome'>;
  turnSeconds: Histogram<'channel'>;
  ocr: Counter<'outcome'>;
  storeErrors: Counter<'kind'>;
  outboxRetries: Counter;
  outboxDeadLetters: Counter;
  /** Counts a handoff case's event (opened, claimed with its wait, closed); never throws. */
  handoffEvent(event: HandoffEvent): void;
  /** Reads the outbox's pending and dead counts at every scrape; a failed read leaves the gauge empty. */
  watchOutbox(counts: () => Promise<OutboxCounts>): void;
}

/** The channel label of a conversation key: its prefix before the first ':' ('web', 'teams', 'slack', 'sms', 'bf'). */
export function channelOf(key: string): string {
  const prefix = key.split(':')[0] ?? '';
  return /^[a-z][a-z0-9_-]{0,31}$/.test(prefix) ? prefix : 'other';
}

/** A fresh registry with the bot's metrics and the process's own (CPU, memory, event loop, GC). */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const turns = new Counter({
    name: 'vpnbot_turns_total',
    help: 'User turns (messages, taps, pictures) by channel and how they ended',
    labelNames: ['channel', 'outcome'] as const,
    registers,
  });
  const turnSeconds = new Histogram({
    name: 'vpnbot_turn_seconds',
    help: 'Time to answer a user turn, by channel (pictures include reading them)',
    labelNames: ['channel'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const opened = new Counter({
    name: 'vpnbot_handoffs_opened_total',
    help: 'Handoff cases opened, by the channel the user wrote from',
    labelNames: ['channel'] as const,
    registers,
  });
  const claimed = new Counter({
    name: 'vpnbot_handoffs_claimed_total',
    help: 'Handoff cases an agent claimed, by channel',
    labelNames: ['channel'] as const,
    registers,
  });
  const closed = new Counter({
    name: 'vpnbot_handoffs_closed_total',
    help: 'Handoff cases ended: closed by an agent, returned to the bot, or cancelled by the user while queued',
    labelNames: ['channel', 'how'] as const,
    registers,
  });
  const claimSeconds = new Histogram({
    name: 'vpnbot_handoff_claim_seconds',
    help: 'Time a case waited in the queue before an agent claimed it',
    labelNames: ['channel'] as const,
    buckets: [30, 60, 120, 300, 600, 1800, 3600, 7200, 14_400, 28_800, 86_400],
    registers,
  });
  const ocr = new Counter({
    name: 'vpnbot_ocr_pictures_total',
    help: 'Pictures handed to the reader, by outcome: read, or refused/failed and why',
    labelNames: ['outcome'] as const,
    registers,
  });
  const storeErrors = new Counter({
    name: 'vpnbot_store_errors_total',
    help: 'Turns that failed in the store: unavailable (outage) or bad_data (a value no store may keep)',
    labelNames: ['kind'] as const,
    registers,
  });
  const outboxRetries = new Counter({
    name: 'vpnbot_outbox_retries_total',
    help: "Failed deliveries (to users, agents' queues, the ticket webhook) scheduled for another try",
    registers,
  });
  const outboxDeadLetters = new Counter({
    name: 'vpnbot_outbox_dead_letters_total',
    help: 'Deliveries given up on (kept as undelivered messages in the agent console)',
    registers,
  });
  let readCounts: (() => Promise<OutboxCounts>) | undefined;
  new Gauge({
    name: 'vpnbot_outbox_messages',
    help: 'Messages in the delivery outbox: pending (waiting to go) and dead (undelivered, given up on)',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      this.reset();
      if (!readCounts) return;
      const counts = await readCounts().catch(() => undefined);
      if (!counts) return;
      this.set({ state: 'pending' }, counts.pending);
      this.set({ state: 'dead' }, counts.dead);
    },
  });
  for (const outcome of OCR_OUTCOMES) ocr.inc({ outcome }, 0);
  for (const kind of STORE_ERRORS) storeErrors.inc({ kind }, 0);

  return {
    registry,
    turns,
    turnSeconds,
    ocr,
    storeErrors,
    outboxRetries,
    outboxDeadLetters,
    handoffEvent(event) {
      const { channel } = event;
      if (event.type === 'opened') opened.inc({ channel });
      else if (event.type === 'claimed') {
        claimed.inc({ channel });
        claimSeconds.observe({ channel }, Math.max(0, event.waitedMs) / 1000);
      } else closed.inc({ channel, how: event.how });
    },
    watchOutbox(counts) {
      readCounts = counts;
    },
  };
}
