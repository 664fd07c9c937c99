// Composes the bot from config: content, NLU, store. Shared by the server and the terminal chat.
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { contentFilesIn, loadContent } from '../content/load-content.ts';
import { expandRanges } from '../core/knowledge.ts';
import { createNlu, NLU_CONFIDENCE_THRESHOLD } from '../nlu/create-nlu.ts';
import type { ConversationStore } from '../store/conversation-store.ts';
import { createSqliteStore } from '../store/sqlite-store.ts';
import { type Bot, createBot } from './create-bot.ts';

/** A bot and the store it owns. */
export interface Composed {
  bot: Bot;
  store: ConversationStore;
}

/** Builds the bot for `config`; the store defaults to SQLite under DATA_DIR. */
export function composeBot(
  config: Config,
  opts: { store?: ConversationStore; now?: () => number } = {},
): Composed {
  const content = loadContent(contentFilesIn(config.contentDir));
  const knownCodes = new Set(
    content.entries.flatMap((e) => (e.ranges.length < 50 ? expandRanges(e.ranges) : [])),
  );
  const nlu = createNlu({ knownCodes });
  const store = opts.store ?? createSqliteStore(join(config.dataDir, 'vpnbot.sqlite'));
  const bot = createBot({
    content,
    config,
    store,
    understand: (text) => nlu.classify(text),
    minConfidence: NLU_CONFIDENCE_THRESHOLD,
    now: opts.now,
  });
  return { bot, store };
}
