// The schema step of `vpnbot serve`: the configured store brought to this release's version before the bot opens it.
import type { Logger } from '../app/logger.ts';
import type { Config } from '../config-types.ts';
import { SchemaTooNewError } from '../store/schema/schema-plan.ts';
import { configuredDb } from './configured-db.ts';

/**
 * Applies the pending migrations and logs each. A database a newer release has upgraded stops the start (rejects
 * naming the store); a store that does not answer does not: the stores migrate on first use once it does.
 */
export async function migrateAtStart(config: Config, log: Logger): Promise<void> {
  const { db, where } = configuredDb(config);
  try {
    for (const m of await db.migrate())
      log.info({ version: m.version }, `schema: applied migration ${m.version} (${m.name}) to ${where}`);
  } catch (err) {
    if (err instanceof SchemaTooNewError) throw new Error(`${where}: ${err.message}`);
    log.warn(
      { err },
      `schema: could not check ${where} at start; the stores bring it up to date once it answers`,
    );
  } finally {
    await db.close();
  }
}
