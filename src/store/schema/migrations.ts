// The one schema both stores share, as a numbered list of changes: SQLite and PostgreSQL render each the same way.

/** The two databases the schema is rendered for. */
export type Dialect = 'sqlite' | 'pg';

/**
 * A column's kind: `bigint` holds epoch milliseconds and counters (INTEGER in SQLite), `json` is JSON kept as text, `serial` is
 * the table's growing integer id (its primary key).
 */
export type ColumnType = 'text' | 'json' | 'int' | 'bigint' | 'bool' | 'serial';

/** One column; NOT NULL unless `nullable`. */
export interface Column {
  name: string;
  type: ColumnType;
  nullable?: true;
  primaryKey?: true;
  default?: string | number | boolean;
}

/** One table; `only` limits it to one dialect. */
export interface Table {
  name: string;
  columns: Column[];
  /** A primary key of several columns. */
  primaryKey?: string[];
  only?: Dialect;
}

/** One index; `where` (the same SQL in both dialects) makes it partial. */
export interface Index {
  name: string;
  table: string;
  columns: string[];
  unique?: true;
  where?: string;
  only?: Dialect;
}

/** One numbered change. Every step is "if missing", so a change applied to a database that half has it is safe. */
export interface Migration {
  version: number;
  name: string;
  tables?: Table[];
  columns?: { table: string; column: Column }[];
  indexes?: Index[];
}

const key = (name: string, type: ColumnType = 'text'): Column => ({ name, type, primaryKey: true });
const col = (name: string, type: ColumnType, more: Partial<Column> = {}): Column => ({ name, type, ...more });
const index = (name: string, table: string, columns: string[], more: Partial<Index> = {}): Index => ({
  name,
  table,
  columns,
  ...more,
});

/** The tables the purges and agent lists search by time, which only PostgreSQL indexed before version 4. */
const PURGE_INDEXES = [
  index('seen_messages_at', 'seen_messages', ['at']),
  index('handoff_cases_status', 'handoff_cases', ['status', 'created_at']),
  index('transcript_at', 'transcript_lines', ['at']),
  index('mailbox_at', 'mailbox', ['at']),
];

/** Every change, oldest first; version 1 is the schema as the release before versions created it. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'the tables, as the release before schema versions made them',
    tables: [
      {
        name: 'conversations',
        columns: [key('key'), col('state', 'json'), col('version', 'int'), col('updated_at', 'bigint')],
      },
      { name: 'seen_messages', columns: [key('id'), col('at', 'bigint')] },
      {
        name: 'handoff_cases',
        columns: [
          key('id'),
          col('conversation_key', 'text'),
          col('status', 'text'),
          col('data', 'json'),
          col('rev', 'int'),
          col('created_at', 'bigint'),
          col('closed_at', 'bigint', { nullable: true }),
        ],
      },
      {
        name: 'handoff_case_leases',
        columns: [key('case_id'), col('holder', 'text'), col('until', 'bigint')],
        only: 'pg',
      },
      {
        name: 'transcript_lines',
        columns: [
          key('id', 'serial'),
          col('conversation_key', 'text'),
          col('at', 'bigint'),
          col('line', 'json'),
        ],
      },
      {
        name: 'outbox',
        columns: [
          key('id', 'serial'),
          col('kind', 'text'),
          col('payload', 'json'),
          col('attempts', 'int', { default: 0 }),
          col('next_at', 'bigint'),
          col('last_error', 'text', { nullable: true }),
        ],
      },
      {
        name: 'mailbox',
        columns: [key('id', 'serial'), col('key', 'text'), col('payload', 'json'), col('at', 'bigint')],
      },
      {
        name: 'reminders',
        columns: [key('key'), col('channel', 'text'), col('address', 'json'), col('next_at', 'bigint')],
      },
      {
        name: 'daily_stats',
        columns: [col('day', 'text'), col('metric', 'text'), col('key', 'text'), col('count', 'bigint')],
        primaryKey: ['day', 'metric', 'key'],
      },
      { name: 'sms_opt_outs', columns: [key('number_hash'), col('at', 'bigint')] },
      {
        name: 'teams_channels',
        columns: [key('channel_id'), col('data', 'json'), col('updated_at', 'bigint')],
      },
    ],
    indexes: [
      index('conversations_updated', 'conversations', ['updated_at']),
      index('handoff_cases_conv', 'handoff_cases', ['conversation_key', 'status']),
      index('handoff_cases_one_open', 'handoff_cases', ['conversation_key'], {
        unique: true,
        where: "status IN ('queued', 'claimed')",
      }),
      index('transcript_conv', 'transcript_lines', ['conversation_key', 'id']),
      index('outbox_due', 'outbox', ['next_at', 'id']),
      index('mailbox_key', 'mailbox', ['key', 'id']),
      index('reminders_due', 'reminders', ['next_at']),
      ...PURGE_INDEXES.map((i): Index => ({ ...i, only: 'pg' })),
    ],
  },
  {
    version: 2,
    name: 'a platform message mark keeps its replies and whether they were delivered',
    columns: [
      { table: 'seen_messages', column: col('replies', 'json', { nullable: true }) },
      { table: 'seen_messages', column: col('delivered', 'bool', { default: true }) },
    ],
  },
  {
    version: 3,
    name: 'undelivered outbox messages are kept as dead letters',
    columns: [
      { table: 'outbox', column: col('state', 'text', { default: 'pending' }) },
      { table: 'outbox', column: col('dead_at', 'bigint', { nullable: true }) },
      { table: 'outbox', column: col('created_at', 'bigint', { nullable: true }) },
    ],
    indexes: [index('outbox_pending', 'outbox', ['next_at', 'id'], { where: "state = 'pending'" })],
  },
  {
    version: 4,
    name: 'SQLite indexes the purged and listed tables by time, as PostgreSQL did',
    indexes: PURGE_INDEXES,
  },
];

/** The newest version this release knows. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** Whether `item` exists in `dialect`. */
export const inDialect = (item: { only?: Dialect }, dialect: Dialect) => !item.only || item.only === dialect;

/** Each table as the latest version leaves it in `dialect` (version 1's columns, then those added since). */
export function tablesAt(dialect: Dialect): Table[] {
  const tables = new Map<string, Table>();
  for (const m of MIGRATIONS) {
    for (const t of m.tables ?? [])
      if (inDialect(t, dialect)) tables.set(t.name, { ...t, columns: [...t.columns] });
    for (const c of m.columns ?? []) tables.get(c.table)?.columns.push(c.column);
  }
  return [...tables.values()];
}

/** Every index of the latest version in `dialect`. */
export function indexesAt(dialect: Dialect): Index[] {
  const indexes = new Map<string, Index>();
  for (const m of MIGRATIONS)
    for (const i of m.indexes ?? []) if (inDialect(i, dialect)) indexes.set(i.name, i);
  return [...indexes.values()];
}
