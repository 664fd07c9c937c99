// One PostgreSQL pool behind every store: schema made on first use, failures turned into StoreUnavailableError.
import { createRequire } from 'node:module';
import type pg from 'pg';
import { BadDataError, StoreUnavailableError } from './conversation-store.ts';
import { ensurePgSchema } from './pg-schema.ts';

/** Runs one statement; `rowCount` and `rows` as pg gives them (BIGINT columns come back as numbers). */
export type PgQuery = <R extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  params?: unknown[],
) => Promise<{ rows: R[]; rowCount: number }>;

/** The database as the stores use it; every method rejects with StoreUnavailableError when PostgreSQL fails. */
export interface PgDb {
  /** Runs one statement once the schema is in place. */
  query: PgQuery;
  /** Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  tx<T>(fn: (query: PgQuery) => Promise<T>): Promise<T>;
  /** Resolves when PostgreSQL answers (and the schema is in place). */
  ping(): Promise<void>;
  /** Lets go of the pool; later calls reject with StoreUnavailableError. */
  close(): Promise<void>;
}

/** Pool tuning; `onError` hears about connections dropped while idle (the pool replaces them). */
export interface PgDbOptions {
  max?: number;
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
  onError?(err: Error): void;
}

/** The PostgreSQL driver, loaded when a pool is first made: a SQLite install never pays for it. */
const loadPg = () => createRequire(import.meta.url)('pg') as typeof pg;

const INT8_OID = 20;
/** Epoch milliseconds and serial ids fit a double, so BIGINT is read as a number, for this pool only. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (v: string) => Number(v)
      : loadPg().types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** True for "relation does not exist" and "schema does not exist": the tables need making again. */
const schemaGone = (err: unknown) => {
  const code = (err as { code?: unknown })?.code;
  return code === '42P01' || code === '3F000';
};

/** SQLSTATE classes that mean the data was refused, not that the database is unwell: data exceptions, limits. */
const DATA_ERROR = /^(22|54)/;

const unavailable = (err: unknown) => {
  if (err instanceof StoreUnavailableError || err instanceof BadDataError) return err;
  const message = (err as Error)?.message ?? String(err);
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && DATA_ERROR.test(code))
    return new BadDataError(`PostgreSQL refused the data: ${message}`, { cause: err });
  return new StoreUnavailableError(`PostgreSQL store failed: ${message}`, { cause: err });
};

const run =
  (client: pg.ClientBase | pg.Pool): PgQuery =>
  async <R extends pg.QueryResultRow>(sql: string, params?: unknown[]) => {
    const res = await client.query<R>(sql, params);
    return { rows: res.rows, rowCount: res.rowCount ?? 0 };
  };

/** Opens a pool on `url` (postgres://…); nothing connects until the first call, and no failure ever escapes as an event. */
export function createPgDb(url: string, opts: PgDbOptions = {}): PgDb {
  const onError = opts.onError ?? (() => {});
  const pool = new (loadPg().Pool)({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    // The server cancels a statement that runs too long; the client gives up a little later if it cannot.
    statement_timeout: opts.queryTimeoutMs ?? 10_000,
    query_timeout: (opts.queryTimeoutMs ?? 10_000) + 5000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    types,
  });
  // An idle connection that drops (server restart, failover, terminated backend) must never crash the process.
  pool.on('error', (err) => onError(err));
  let closed = false;
  let ready: Promise<unknown> | undefined;

  /** Checks out a connection whose errors between statements are reported, not thrown. */
  const withClient = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    const listener = (err: Error) => onError(err);
    client.on('error', listener);
    let broken: Error | undefined;
    try {
      return await fn(client);
    } catch (err) {
      broken = err as Error;
      throw err;
    } finally {
      client.removeListener('error', listener);
      // A connection that failed mid-transaction is thrown away rather than handed to the next caller.
      client.release(broken);
    }
  };
  const schema = () => {
    ready ??= withClient(ensurePgSchema).catch((err) => {
      ready = undefined;
      throw err;
    });
    return ready;
  };
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      if (closed) throw new Error('store is closed');
      await schema();
      try {
        return await fn();
      } catch (err) {
        if (!schemaGone(err)) throw err;
        // The database was recreated empty (or the schema dropped): make the tables again and try once more.
        ready = undefined;
        await schema();
        return await fn();
      }
    } catch (err) {
      throw unavailable(err);
    }
  };

  return {
    query: (sql, params) => guard(() => run(pool)(sql, params)),
    tx: (fn) =>
      guard(() =>
        withClient(async (client) => {
          await client.query('BEGIN');
          try {
            const result = await fn(run(client));
            await client.query('COMMIT');
            return result;
          } catch (err) {
            await client.query('ROLLBACK').catch(() => {});
            throw err;
          }
        }),
      ),
    ping: () => guard(async () => void (await pool.query('SELECT 1'))),
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end().catch(onError);
    },
  };
}

const shared = new Map<string, { db: PgDb; holders: number }>();

/**
 * A handle on this process's one pool for `url`, opened by the first caller: every store of an instance shares it.
 * The handle's close() lets go of it (idempotent); the last one to let go ends the pool.
 */
export function sharedPgDb(url: string, opts: PgDbOptions = {}): PgDb {
  let entry = shared.get(url);
  if (!entry) {
    entry = { db: createPgDb(url, opts), holders: 0 };
    shared.set(url, entry);
  }
  const held = entry;
  held.holders++;
  let released = false;
  const live = <T>(fn: () => Promise<T>) =>
    released ? Promise.reject(new StoreUnavailableError('PostgreSQL store failed: store is closed')) : fn();
  return {
    query: (sql, params) => live(() => held.db.query(sql, params)),
    tx: (fn) => live(() => held.db.tx(fn)),
    ping: () => live(() => held.db.ping()),
    close: async () => {
      if (released) return;
      released = true;
      if (--held.holders > 0) return;
      if (shared.get(url) === held) shared.delete(url);
      await held.db.close();
    },
  };
}
