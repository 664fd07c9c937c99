// The store taken away under a running instance: the SQLite data folder deleted, the PostgreSQL database dropped
// and recreated empty. Readiness must say what is true, and what was acknowledged must still be there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newConversation, postTurn, talk } from './conversations.ts';
import { startInstance } from './instance.ts';
import { pgRun, pgVersions, sqliteVersions } from './stores.ts';
import { type Tally, tally } from './tally.ts';

/** What readiness said, and whether a turn sent right after agreed with it. */
export interface Readiness {
  probes: number;
  said503: number;
  /** Readiness said 200 and the turn right after failed, or said 503 and the turn worked. */
  disagreed: number;
}

const ready = async (url: string) =>
  fetch(`${url}/readyz`).then(
    (r) => r.status,
    () => 0,
  );

/** Asks readiness `n` times, each followed by a turn, and counts the disagreements. */
async function probe(url: string, n: number): Promise<Readiness> {
  const out: Readiness = { probes: 0, said503: 0, disagreed: 0 };
  for (let i = 0; i < n; i++) {
    const status = await ready(url);
    const c = newConversation('probe');
    const turn = await postTurn(url, c.id, `${c.id}-t0`, 'error 721');
    out.probes++;
    if (status !== 200) out.said503++;
    if ((status === 200) !== turn.ok) out.disagreed++;
  }
  return out;
}

/** SQLite: turns, the data folder deleted, more turns, a clean stop, a restart: every acknowledged turn is there. */
export async function deleteDataDir(): Promise<{ tally: Tally; readiness: Readiness }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vpnbot-chaos-'));
  const bot = await startInstance({ DATA_DIR: dataDir });
  const cs = Array.from({ length: 20 }, () => newConversation('gone'));
  await Promise.all(cs.map((c) => talk(c, 4, () => bot.url)));
  rmSync(dataDir, { recursive: true, force: true });
  const readiness = await probe(bot.url, 10);
  await Promise.all(cs.map((c) => talk(c, 4, () => bot.url)));
  await bot.kill('SIGTERM');
  const again = await startInstance({ DATA_DIR: dataDir });
  await again.kill('SIGTERM');
  return { tally: tally(cs, sqliteVersions(dataDir), 0), readiness };
}

/** PostgreSQL: the schema dropped and made again empty under a running instance; readiness and turns afterwards. */
export async function recreateDatabase(
  databaseUrl: string,
  schema: string,
): Promise<{ tally: Tally; readiness: Readiness; recoveredMs: number }> {
  const bot = await startInstance({ DATABASE_URL: databaseUrl });
  const before = Array.from({ length: 10 }, () => newConversation('before'));
  await Promise.all(before.map((c) => talk(c, 3, () => bot.url)));
  await pgRun(databaseUrl, `DROP SCHEMA ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  const dropped = Date.now();
  let status = 0;
  while (status !== 200 && Date.now() - dropped < 30_000) status = await ready(bot.url);
  const recoveredMs = Date.now() - dropped;
  const readiness = await probe(bot.url, 10);
  const after = Array.from({ length: 20 }, () => newConversation('after'));
  await Promise.all(after.map((c) => talk(c, 4, () => bot.url)));
  await bot.kill('SIGTERM');
  return { tally: tally(after, await pgVersions(databaseUrl), 0), readiness, recoveredMs };
}
