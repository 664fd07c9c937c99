// SIGKILL in the middle of a burst of turns, on SQLite (one instance, restarted) and on PostgreSQL (two instances,
// the survivor takes the retries); every unacknowledged turn is sent again with its request id.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Conversation, newConversation, retryPending, talk } from './conversations.ts';
import { type Instance, startInstance } from './instance.ts';
import { pgVersions, sqliteVersions } from './stores.ts';
import { type Tally, tally } from './tally.ts';

/** How a burst is shaped: conversations at once, turns each, and after how many sent turns the kill comes. */
export interface Burst {
  conversations: number;
  turns: number;
  killAfter: number;
}

const sentSoFar = (cs: Conversation[]) => cs.reduce((n, c) => n + c.sent, 0);

/** Resolves once the conversations have sent `n` turns between them. */
async function whenSent(cs: Conversation[], n: number): Promise<void> {
  while (sentSoFar(cs) < n) await new Promise((r) => setTimeout(r, 5));
}

/** One SQLite round: burst, SIGKILL, restart on the same folder, retries, then a clean stop and the count. */
export async function sqliteKillRound(burst: Burst): Promise<Tally> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vpnbot-chaos-'));
  const env = { DATA_DIR: dataDir };
  let bot: Instance = await startInstance(env);
  const url = () => bot.url;
  const cs = Array.from({ length: burst.conversations }, () => newConversation('sqlite'));
  const talking = Promise.all(cs.map((c) => talk(c, burst.turns, url)));
  await whenSent(cs, burst.killAfter);
  await bot.kill('SIGKILL');
  await talking;
  const inFlight = cs.filter((c) => c.pending).length;
  bot = await startInstance(env);
  await Promise.all(cs.map((c) => retryPending(c, bot.url)));
  await bot.kill('SIGTERM');
  return tally(cs, sqliteVersions(dataDir), inFlight);
}

/** One PostgreSQL round: two instances share the burst, one is killed, the other takes the retries. */
export async function pgKillRound(burst: Burst, databaseUrl: string): Promise<Tally> {
  const env = { DATABASE_URL: databaseUrl };
  const [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
  let flip = 0;
  const pick = () => (flip++ % 2 ? a.url : b.url);
  const cs = Array.from({ length: burst.conversations }, () => newConversation('pg'));
  const talking = Promise.all(cs.map((c) => talk(c, burst.turns, pick)));
  await whenSent(cs, burst.killAfter);
  await a.kill('SIGKILL');
  await talking;
  const inFlight = cs.filter((c) => c.pending).length;
  await Promise.all(cs.map((c) => retryPending(c, b.url)));
  await b.kill('SIGTERM');
  return tally(cs, await pgVersions(databaseUrl), inFlight);
}
