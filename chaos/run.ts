// `npm run chaos`: the bounded fault suite against real instances on loopback; prints the figures, writes them to
// RELIABILITY.md, and exits 1 when anything acknowledged was lost, applied twice, answered empty, or readiness lied.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { pgKillRound, sqliteKillRound } from './kill-mid-burst.ts';
import { deleteDataDir, recreateDatabase } from './lose-the-store.ts';
import { pictureFlood } from './picture-flood.ts';
import { sameConversationBursts } from './same-conversation.ts';
import { pgRun } from './stores.ts';
import { sum, type Tally } from './tally.ts';

const BASE = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REPORT = fileURLToPath(new URL('../RELIABILITY.md', import.meta.url));
const START = '<!-- fault-suite:start -->';
const END = '<!-- fault-suite:end -->';

/** A fresh schema on the test database; its URL and name. */
async function schema(): Promise<{ url: string; name: string }> {
  const name = `vpnbot_chaos_${randomBytes(4).toString('hex')}`;
  await pgRun(BASE, `CREATE SCHEMA ${name}`);
  const join = BASE.includes('?') ? '&' : '?';
  return { url: `${BASE}${join}options=${encodeURIComponent(`-c search_path=${name}`)}`, name };
}

const row = (what: string, t: Tally) =>
  `| ${what} | ${t.turns} | ${t.inFlightAtFault} | ${t.storedAnswers} | ${t.ranOnRetry} | ${t.lost} | ${t.appliedTwice} | ${t.emptyAnswers} |`;

async function main(): Promise<number> {
  const started = Date.now();
  const burst = { conversations: 40, turns: 10 };
  console.log('chaos: SQLite, SIGKILL mid-burst, 3 rounds');
  const sqlite = [];
  for (const killAfter of [120, 200, 280]) sqlite.push(await sqliteKillRound({ ...burst, killAfter }));
  console.log('chaos: PostgreSQL, two instances, one SIGKILLed mid-burst, 2 rounds');
  const pgRounds = [];
  const schemas: string[] = [];
  for (const killAfter of [150, 250]) {
    const s = await schema();
    schemas.push(s.name);
    pgRounds.push(await pgKillRound({ ...burst, killAfter }, s.url));
  }
  console.log('chaos: PostgreSQL, one conversation, 10/20/40 turns at once over two instances');
  const same = await schema();
  schemas.push(same.name);
  const bursts = await sameConversationBursts(same.url, [10, 20, 40]);
  console.log('chaos: SQLite data folder deleted while running');
  const gone = await deleteDataDir();
  console.log('chaos: PostgreSQL database dropped and recreated empty');
  const s = await schema();
  schemas.push(s.name);
  const recreated = await recreateDatabase(s.url, s.name);
  console.log('chaos: picture flood');
  const flood = await pictureFlood();
  for (const name of schemas) await pgRun(BASE, `DROP SCHEMA IF EXISTS ${name} CASCADE`);

  const kills = [sum(sqlite), sum(pgRounds)];
  const failures = [
    ...[...kills, gone.tally, recreated.tally].flatMap((t) =>
      t.lost || t.appliedTwice || t.emptyAnswers ? ['a turn lost, applied twice or answered empty'] : [],
    ),
    ...(gone.readiness.disagreed || recreated.readiness.disagreed ? ['readiness disagreed with a turn'] : []),
    ...(flood.serverErrors ? ['a picture got a 5xx or a cut connection'] : []),
    ...bursts.flatMap((b) =>
      b.failed || b.saved !== b.concurrent
        ? ['a same-conversation burst failed a turn or saved a wrong count']
        : [],
    ),
    ...(flood.typedTurnAnswered ? [] : ['the typed turn during the flood was not answered']),
  ];
  const seconds = Math.round((Date.now() - started) / 1000);
  const section = [
    START,
    '## Fault suite',
    '',
    `Run by \`npm run chaos\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL on loopback; ${seconds} s in all. ` +
      'Each instance is its own `vpnbot serve` process. Clients drive web chat conversations the way a platform ' +
      'does: every turn carries a request id, and a turn that is not acknowledged is sent again with the same id ' +
      'until it is. Afterwards the database is read directly: a conversation must hold exactly as many saved turns ' +
      'as its client sent.',
    '',
    '| fault | turns | unacknowledged at the fault | retries answered from the stored reply | retries that ran the turn | lost | applied twice | empty answers |',
    '|---|---|---|---|---|---|---|---|',
    row('SQLite: SIGKILL mid-burst, restart (3 rounds × 40 conversations)', kills[0] as Tally),
    row('PostgreSQL: 2 instances, one SIGKILLed (2 rounds × 40 conversations)', kills[1] as Tally),
    row('SQLite: data folder deleted while running, then restart', gone.tally),
    row('PostgreSQL: database dropped and recreated empty (turns after)', recreated.tally),
    '',
    `One conversation, turns at the same moment over two PostgreSQL instances: ${bursts
      .map((b) => `${b.concurrent} at once: ${b.failed} failed, ${b.saved} saved`)
      .join('; ')}.`,
    '',
    `Readiness, each probe followed by a turn: data folder deleted — ${gone.readiness.probes} probes, ` +
      `${gone.readiness.said503} said 503, ${gone.readiness.disagreed} disagreed with the turn; database recreated — ` +
      `ready again ${recreated.recoveredMs} ms after the drop, then ${recreated.readiness.probes} probes, ` +
      `${recreated.readiness.disagreed} disagreed.`,
    '',
    `Picture flood: ${flood.pictures} pictures at once (12 claiming 20000×20000 pixels, 8 small real ones, 4 of ` +
      `them from one conversation) and a typed turn in the middle. Answers by status: ` +
      `${Object.entries(flood.byStatus)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}; 5xx or cut: ${flood.serverErrors}; the typed turn ` +
      `${flood.typedTurnAnswered ? 'was answered' : 'was NOT answered'}; peak memory ${flood.peakMb} MB ` +
      `(${flood.baselineMb} MB before the flood).`,
    '',
    failures.length ? `**Failed:** ${[...new Set(failures)].join('; ')}.` : 'Every check held.',
    END,
  ].join('\n');
  console.log(section);
  let report = '';
  try {
    report = readFileSync(REPORT, 'utf8');
  } catch {
    report = '# Reliability\n\nWhat was tried against the bot, how often, and what held.\n';
  }
  const at = report.indexOf(START);
  const end = report.indexOf(END);
  report =
    at >= 0 && end > at
      ? `${report.slice(0, at)}${section}${report.slice(end + END.length)}`
      : `${report.trimEnd()}\n\n${section}\n`;
  writeFileSync(REPORT, report);
  return failures.length ? 1 : 0;
}

process.exitCode = await main();
