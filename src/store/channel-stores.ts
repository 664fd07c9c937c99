// The stores channels keep their own records in, chosen once for the whole bot: PostgreSQL or the SQLite file.
import { join } from 'node:path';
import type { OptOutStore } from './opt-out-store.ts';
import { createPgOptOutStoreAt } from './pg-opt-out-store.ts';
import { createPgTeamsChannelStoreAt } from './pg-teams-channel-store.ts';
import { createSqliteOptOutStore } from './sqlite-opt-out-store.ts';
import { createSqliteTeamsChannelStore } from './sqlite-teams-channel-store.ts';
import type { TeamsChannelStore } from './teams-channel-store.ts';

/** The SMS opt-out list and the learned Teams channel locations; each is opened on first use. */
export interface ChannelStores {
  readonly optOuts: OptOutStore;
  readonly teamsChannels: TeamsChannelStore;
  /** Closes the opt-out list if it was opened (the Teams locations share the conversation store's file or pool). */
  close(): Promise<void>;
}

/** Where the stores live: DATABASE_URL when set, else DATA_DIR/vpnbot.sqlite. */
export interface StoreLocation {
  databaseUrl?: string;
  dataDir: string;
}

/** Opens channel stores at `where`, each only when a channel first asks for it. */
export function createChannelStores(where: StoreLocation): ChannelStores {
  const file = join(where.dataDir, 'vpnbot.sqlite');
  let optOuts: OptOutStore | undefined;
  let teamsChannels: TeamsChannelStore | undefined;
  return {
    get optOuts() {
      optOuts ??= where.databaseUrl
        ? createPgOptOutStoreAt(where.databaseUrl)
        : createSqliteOptOutStore(file);
      return optOuts;
    },
    get teamsChannels() {
      teamsChannels ??= where.databaseUrl
        ? createPgTeamsChannelStoreAt(where.databaseUrl)
        : createSqliteTeamsChannelStore(file);
      return teamsChannels;
    },
    close: async () => {
      await optOuts?.close();
    },
  };
}
