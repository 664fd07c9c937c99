// The PostgreSQL schema every store shares, created idempotently and safely when many instances start at once.
import type pg from 'pg';

/** Advisory-lock namespaces (the first key of pg_advisory_xact_lock(int, int)) used by the stores. */
export const LOCK_NS = { schema: 0x76706e00, mailbox: 0x76706e01 } as const;

/** Every table the stores use (readiness checks each is there). */
export const PG_TABLES = [
  'conversations',
  'seen_messages',
  'handoff_cases',
  'handoff_case_leases',
  'transcript_lines',
  'outbox',
  'mailbox',
  'reminders',
  'daily_stats',
  'sms_opt_outs',
  'teams_channels',
] as const;

/** The tables, mirroring the SQLite file's (times are epoch milliseconds; JSON is kept as text). */
const DDL = `
  CREATE TABLE IF NOT EXISTS conversations (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at BIGINT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS conversations_updated ON conversations (updated_at);
  CREATE TABLE IF NOT EXISTS seen_messages (id TEXT PRIMARY KEY, at BIGINT NOT NULL);
  CREATE INDEX IF NOT EXISTS seen_messages_at ON seen_messages (at);
  ALTER TABLE seen_messages ADD COLUMN IF NOT EXISTS replies TEXT;
  ALTER TABLE seen_messages ADD COLUMN IF NOT EXISTS delivered BOOLEAN NOT NULL DEFAULT TRUE;
  CREATE TABLE IF NOT EXISTS handoff_cases (
    id TEXT PRIMARY KEY,
    conversation_key TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    closed_at BIGINT
  );
  CREATE INDEX IF NOT EXISTS handoff_cases_conv ON handoff_cases (conversation_key, status);
  CREATE UNIQUE INDEX IF NOT EXISTS handoff_cases_one_open ON handoff_cases (conversation_key)
    WHERE status IN ('queued', 'claimed');
  CREATE INDEX IF NOT EXISTS handoff_cases_status ON handoff_cases (status, created_at);
  CREATE TABLE IF NOT EXISTS handoff_case_leases (
    case_id TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until BIGINT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS transcript_lines (
    id BIGSERIAL PRIMARY KEY,
    conversation_key TEXT NOT NULL,
    at BIGINT NOT NULL,
    line TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS transcript_conv ON transcript_lines (conversation_key, id);
  CREATE INDEX IF NOT EXISTS transcript_at ON transcript_lines (at);
  CREATE TABLE IF NOT EXISTS outbox (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at BIGINT NOT NULL,
    last_error TEXT
  );
  CREATE INDEX IF NOT EXISTS outbox_due ON outbox (next_at, id);
  CREATE TABLE IF NOT EXISTS mailbox (
    id BIGSERIAL PRIMARY KEY,
    key TEXT NOT NULL,
    payload TEXT NOT NULL,
    at BIGINT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS mailbox_key ON mailbox (key, id);
  CREATE INDEX IF NOT EXISTS mailbox_at ON mailbox (at);
  CREATE TABLE IF NOT EXISTS reminders (
    key TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    next_at BIGINT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS reminders_due ON reminders (next_at);
  CREATE TABLE IF NOT EXISTS daily_stats (
    day TEXT NOT NULL,
    metric TEXT NOT NULL,
    key TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (day, metric, key)
  );
  CREATE TABLE IF NOT EXISTS sms_opt_outs (number_hash TEXT PRIMARY KEY, at BIGINT NOT NULL);
  CREATE TABLE IF NOT EXISTS teams_channels (
    channel_id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    updated_at BIGINT NOT NULL
  );
`;

/**
 * Creates any missing table in the first schema of the connection's search_path, in one transaction held under
 * an advisory lock, so two instances starting at once never trip over each other's CREATE.
 */
export async function ensurePgSchema(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_NS.schema]);
    await client.query(DDL);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
