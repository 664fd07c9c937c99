// Composes the bot from config: content, NLU, stores and the handoff service. Shared by the server and the terminal chat.
import { join } from 'node:path';
import type { Config } from '../config-types.ts';
import { CONTENT_SNAPSHOT, fileContentSnapshot } from '../content/content-snapshot.ts';
import { contentFilesIn, loadContent } from '../content/load-content.ts';
import { createCodeLookup } from '../core/code-lookup.ts';
import type { Input } from '../core/engine.ts';
import { buildSummary } from '../core/handoff-summary.ts';
import { lazyLanguage } from '../nlu/lazy-language.ts';
import { createImageReader } from '../ocr/image-reader.ts';
import { type ChannelStores, createChannelStores } from '../store/channel-stores.ts';
import type { ConversationStore } from '../store/conversation-store.ts';
import { createPgStores } from '../store/pg-stores.ts';
import { createSqliteHandoffStores, type SqliteHandoffStores } from '../store/sqlite-handoff-store.ts';
import { createSqliteStore } from '../store/sqlite-store.ts';
import { type Bot, createBot } from './create-bot.ts';
import type { HandoffService } from './handoff-contracts.ts';
import { createHandoffService } from './handoff-service.ts';
import { createLogger, type Logger } from './logger.ts';
import { meterBot } from './metered-bot.ts';
import { meterImageReader } from './metered-image-reader.ts';
import { meterOutbox } from './metered-outbox.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createReminders, type Reminders } from './reminders.ts';
import { createWebhookDelivery } from './ticket-webhook.ts';

/** A bot, the stores it owns and its handoff service. */
export interface Composed {
  bot: Bot;
  store: ConversationStore;
  handoffs: HandoffService;
  /** The monthly "test your VPN" reminders; `start()` sends them when due. */
  reminders: Reminders;
  handoffStores: SqliteHandoffStores;
  /** The stores channels keep their own records in (opt-outs, learned Teams channels), where the others are. */
  channelStores: ChannelStores;
  /** What the bot counts (served at /metrics); `bot`, the picture reader and the handoffs feed it. */
  metrics: Metrics;
  /**
   * Builds the code index and trains the language models now rather than on the first message, one part per turn of
   * the event loop so requests are answered in between (the server calls it once it listens).
   */
  warm(): Promise<void>;
  /** Stops the handoff deliveries and closes every store. */
  close(): Promise<void>;
}

/**
 * Builds the bot for `config`. Stores default to the SQLite file under DATA_DIR, or PostgreSQL when DATABASE_URL
 * is set; a test that passes its own conversation `store` gets in-memory handoff stores unless it passes
 * `handoffStores` too.
 */
export function composeBot(
  config: Config,
  opts: {
    store?: ConversationStore;
    handoffStores?: SqliteHandoffStores;
    now?: () => number;
    log?: Logger;
  } = {},
): Composed {
  const content = loadContent(contentFilesIn(config.contentDir), fileContentSnapshot(CONTENT_SNAPSHOT));
  const language = lazyLanguage(content);
  const file = join(config.dataDir, 'vpnbot.sqlite');
  const log = opts.log ?? createLogger('silent');
  // DATABASE_URL: every store in the PostgreSQL database all instances share; otherwise the SQLite file.
  const pg =
    config.databaseUrl && !opts.store && !opts.handoffStores
      ? createPgStores(config.databaseUrl, {
          onError: (err) => log.warn({ err }, 'postgres: connection lost'),
        })
      : undefined;
  const store = opts.store ?? pg?.conversations ?? createSqliteStore(file);
  const handoffStores = opts.handoffStores ?? pg ?? createSqliteHandoffStores(opts.store ? ':memory:' : file);
  const channelStores: ChannelStores = pg
    ? { optOuts: pg.optOuts, teamsChannels: pg.teamsChannels, close: async () => {} }
    : createChannelStores(config);
  const lookup = createCodeLookup(content.entries);
  const metrics = createMetrics();
  metrics.watchOutbox(() => handoffStores.outbox.counts());
  const pictures = meterImageReader(createImageReader(), metrics);
  let bot: Bot | undefined;
  /** Runs news (case updates, reminders) through the engine once the bot exists, for the user's replies. */
  const runTurn = async (key: string, input: Input) => (bot ? (await bot.handle(key, input)).replies : []);
  const handoffs = createHandoffService({
    ...handoffStores,
    outbox: meterOutbox(handoffStores.outbox, metrics),
    onEvent: metrics.handoffEvent,
    phrases: content.phrases,
    log,
    now: opts.now,
    runTurn,
    summarize: (state, reason, lines) =>
      buildSummary(
        state,
        reason,
        { flow: content.flow, entries: content.entries, org: config.org, byCode: lookup.byCode },
        lines.map((l, i) => ({ ...l, seq: i + 1 })),
      ),
    deliverWebhook: createWebhookDelivery(config.escalation),
  });
  const reminders = createReminders({
    store: handoffStores.reminders,
    outbox: handoffStores.outbox,
    desk: config.desk,
    log,
    now: opts.now,
    runTurn,
  });
  bot = createBot({
    content,
    config,
    store,
    transcripts: handoffStores.transcripts,
    stats: handoffStores.stats,
    pictures,
    onForget: async (key) => {
      await handoffStores.reminders.unsubscribe(key);
    },
    onPurge: (cutoff) => handoffStores.mailbox.purge(cutoff - 6 * 86_400_000),
    afterTurn: async (key, from, state, events) => {
      await handoffs.afterTurn(key, from, state, events);
      await reminders.afterTurn(key, from, state, events);
    },
    language,
    lookup,
    now: opts.now,
  });
  return {
    bot: meterBot(bot, metrics),
    store,
    handoffs,
    reminders,
    handoffStores,
    channelStores,
    metrics,
    warm: async () => {
      for (const part of [lookup.warm, language.warm]) {
        await new Promise((next) => setImmediate(next));
        part();
      }
    },
    close: async () => {
      reminders.stop();
      await handoffs.stop();
      await pictures.close();
      await handoffStores.close();
      await channelStores.close();
      await store.close();
    },
  };
}

/** Everything the HTTP server takes from a composed bot: the bot, its stores and its handoff service. */
export function serverDepsOf(config: Config, composed: Composed, log: Logger) {
  return {
    config,
    bot: composed.bot,
    store: composed.store,
    log,
    handoffs: composed.handoffs,
    mailbox: composed.handoffStores.mailbox,
    stats: composed.handoffStores.stats,
    outbox: composed.handoffStores.outbox,
    channelStores: composed.channelStores,
    metrics: composed.metrics,
  };
}
