// Every store of one instance over this process's one PostgreSQL pool: what compose uses when DATABASE_URL is set.
import type { ConversationStore } from './conversation-store.ts';
import type {
  CaseStore,
  Mailbox,
  Outbox,
  ReminderStore,
  StatsStore,
  TranscriptStore,
} from './handoff-store.ts';
import type { OptOutStore } from './opt-out-store.ts';
import { createPgCaseStore } from './pg-case-store.ts';
import { createPgConversationStore } from './pg-conversation-store.ts';
import { type PgDbOptions, sharedPgDb } from './pg-db.ts';
import { createPgMailbox } from './pg-mailbox.ts';
import { createPgOptOutStore } from './pg-opt-out-store.ts';
import { createPgOutbox } from './pg-outbox.ts';
import { createPgReminderStore } from './pg-reminder-store.ts';
import { createPgStatsStore } from './pg-stats-store.ts';
import { createPgTeamsChannelStore } from './pg-teams-channel-store.ts';
import { createPgTranscriptStore } from './pg-transcript-store.ts';
import type { TeamsChannelStore } from './teams-channel-store.ts';

/** The PostgreSQL stores (shaped like the SQLite handoff stores, plus the rest); close() lets go of all of them. */
export interface PgStores {
  conversations: ConversationStore;
  cases: CaseStore;
  transcripts: TranscriptStore;
  outbox: Outbox;
  mailbox: Mailbox;
  stats: StatsStore;
  reminders: ReminderStore;
  optOuts: OptOutStore;
  teamsChannels: TeamsChannelStore;
  /** Resolves when PostgreSQL answers; rejects with StoreUnavailableError when it is down. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the stores on `databaseUrl` (postgres://…) over this process's one pool for it. Nothing connects until
 * first use; the schema is created then, and every failure rejects with StoreUnavailableError. Like the SQLite
 * stores, closing the conversation store (the server does, on shutdown) leaves the handoff stores working until
 * close() (the handoff service's last delivery pass runs in between); the pool ends when all have let go.
 */
export function createPgStores(databaseUrl: string, opts: PgDbOptions = {}): PgStores {
  const db = sharedPgDb(databaseUrl, opts);
  const conversationsDb = sharedPgDb(databaseUrl, opts);
  const optOutsDb = sharedPgDb(databaseUrl, opts);
  return {
    conversations: createPgConversationStore(conversationsDb),
    cases: createPgCaseStore(db),
    transcripts: createPgTranscriptStore(db),
    outbox: createPgOutbox(db),
    mailbox: createPgMailbox(db),
    stats: createPgStatsStore(db),
    reminders: createPgReminderStore(db),
    optOuts: createPgOptOutStore(optOutsDb),
    teamsChannels: createPgTeamsChannelStore(db),
    ping: () => db.ping(),
    close: async () => {
      await Promise.all([conversationsDb.close(), optOutsDb.close()]);
      await db.close();
    },
  };
}
