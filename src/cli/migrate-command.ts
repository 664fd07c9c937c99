// `vpnbot migrate status|up`: where the configured store's schema stands, and bringing it to this release's version.
import { loadConfig } from '../config.ts';
import type { Migration } from '../store/schema/migrations.ts';
import type { SchemaStatus } from '../store/schema/schema-plan.ts';
import { configuredDb } from './configured-db.ts';
import type { CliIo } from './io.ts';

const USAGE = 'Usage: vpnbot migrate status|up';

const listed = (ms: readonly Migration[]) => ms.map((m) => `  ${String(m.version).padStart(3)}  ${m.name}`);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** The status report: the version, how it was found, what was applied when and what is pending. */
export function statusText(where: string, s: SchemaStatus): string {
  const version =
    s.state === 'empty'
      ? `Schema version: none yet (no tables); all ${s.target} migrations run when the bot first starts`
      : `Schema version: ${s.current} of ${s.target}${s.pending.length ? '' : ', up to date'}` +
        (s.state === 'unversioned'
          ? ` (tables made before schema versions: what they hold matches version ${s.current})`
          : '');
  return [
    `Store: ${where}`,
    version,
    ...(s.applied.length
      ? [
          'Applied:',
          ...s.applied.map((a) => `  ${String(a.version).padStart(3)}  ${day(a.appliedAt)}  ${a.name}`),
        ]
      : []),
    ...(s.pending.length && s.state !== 'empty'
      ? ['Pending (applied when the bot starts, or now by `npx vpnbot migrate up`):', ...listed(s.pending)]
      : []),
  ].join('\n');
}

/** Runs `migrate status` or `migrate up` on the configured store; 0 done, 1 store refused or unreachable, 2 usage. */
export async function migrateCommand(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (rest.length || (action !== 'status' && action !== 'up')) {
    io.err(`vpnbot migrate: ${action ? `unknown action "${args.join(' ')}"` : 'say what to do'}\n${USAGE}`);
    return 2;
  }
  const { db, where } = configuredDb(loadConfig());
  try {
    if (action === 'status') {
      io.out(statusText(where, await db.status()));
      return 0;
    }
    const applied = await db.migrate();
    const now = await db.status();
    io.out(
      [
        `Store: ${where}`,
        ...(applied.length ? ['Applied:', ...listed(applied)] : ['Nothing to apply.']),
        `Schema version: ${now.current} of ${now.target}, up to date`,
      ].join('\n'),
    );
    return 0;
  } catch (err) {
    io.err(`vpnbot migrate: ${where}: ${(err as Error).message ?? err}`);
    return 1;
  } finally {
    await db.close();
  }
}
