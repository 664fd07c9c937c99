// `vpnbot insights [--days N] [--json]`: what the bot saw lately — top codes and problems, fixes, escalations —
// and how many messages wait to be delivered or were given up on.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dayOf, type Insights, summarizeInsights } from '../app/insights.ts';
import { loadConfig } from '../config.ts';
import { createPgStores } from '../store/pg-stores.ts';
import { createSqliteHandoffStores } from '../store/sqlite-handoff-store.ts';
import type { CliIo } from './io.ts';

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
const list = (title: string, rows: { key: string; count: number }[]) =>
  rows.length
    ? [`${title}:`, ...rows.map((r) => `  ${String(r.count).padStart(5)}  ${r.key}`)]
    : [`${title}: none`];

/** The insights as a short text report. */
export function insightsText(i: Insights): string {
  return [
    `Last ${i.days} day(s), since ${i.since}`,
    `Conversations: ${i.conversations}`,
    `Fixed by the bot (user said so): ${i.resolved} (${percent(i.resolutionRate)})`,
    `Handed to a person: ${i.handoffs} (${percent(i.escalationRate)})`,
    ...list('Top error codes', i.topCodes),
    ...list('Top advice shown', i.topAdvice),
    ...list('Top /vpncode lookups', i.topLookups),
    ...list('Why people were handed over', i.handoffReasons),
    ...(i.outbox
      ? [
          `Messages waiting to be delivered: ${i.outbox.pending}`,
          `Messages given up on: ${i.outbox.dead}${i.outbox.dead ? ' (see Undelivered on the agent console)' : ''}`,
        ]
      : []),
  ].join('\n');
}

/** Runs the command on the store in use (PostgreSQL with DATABASE_URL, else the SQLite file); 0 on success, 2 on bad arguments. */
export async function insightsCommand(args: string[], io: CliIo): Promise<number> {
  let values: { days?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { days: { type: 'string', default: '30' }, json: { type: 'boolean' } },
    }));
  } catch (err) {
    io.err(`vpnbot insights: ${(err as Error).message}\nUsage: vpnbot insights [--days N] [--json]`);
    return 2;
  }
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    io.err('vpnbot insights: --days must be a whole number from 1 to 365');
    return 2;
  }
  const config = loadConfig();
  const stores = config.databaseUrl
    ? createPgStores(config.databaseUrl)
    : createSqliteHandoffStores(join(config.dataDir, 'vpnbot.sqlite'));
  try {
    const since = dayOf(Date.now() - (days - 1) * 86_400_000);
    const [rows, outbox] = await Promise.all([stores.stats.since(since), stores.outbox.counts()]);
    const insights = summarizeInsights(rows, days, since, outbox);
    io.out(values.json ? JSON.stringify(insights, null, 2) : insightsText(insights));
    return 0;
  } finally {
    await stores.close();
  }
}
