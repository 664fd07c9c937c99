// `vpnbot export [--out file]`: every stored row of the configured store as JSON Lines, for `vpnbot import`.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { EXPORTED_TABLES, headerLine, rowLine } from '../store/transfer/export-format.ts';
import { configuredDb } from './configured-db.ts';
import type { CliIo } from './io.ts';

const USAGE = 'Usage: vpnbot export [--out file]';

/**
 * Writes the export to `--out` (a new file, readable by this user only) or to standard output, and what it holds
 * to standard error; 0 done, 1 store or file refused, 2 usage.
 */
export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  let out: string | undefined;
  try {
    ({
      values: { out },
    } = parseArgs({ args, options: { out: { type: 'string', short: 'o' } } }));
  } catch (err) {
    io.err(`vpnbot export: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { db, where } = configuredDb(loadConfig());
  let all: Map<string, Record<string, unknown>[]>;
  try {
    all = await db.readAll(EXPORTED_TABLES);
  } catch (err) {
    io.err(`vpnbot export: ${where}: ${(err as Error).message ?? err}`);
    return 1;
  } finally {
    await db.close();
  }
  const lines = [headerLine(db.dialect)];
  for (const t of EXPORTED_TABLES) for (const row of all.get(t.name) ?? []) lines.push(rowLine(t, row));
  if (out) {
    try {
      writeFileSync(out, `${lines.join('\n')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      io.err(
        code === 'EEXIST'
          ? `vpnbot export: ${out} already exists; an export never writes over a file, so give a new name`
          : `vpnbot export: cannot write ${out}: ${(err as Error).message}`,
      );
      return 1;
    }
  } else for (const line of lines) io.out(line);
  const counts = EXPORTED_TABLES.map((t) => `  ${t.name.padEnd(20)} ${all.get(t.name)?.length ?? 0}`);
  io.err([`Exported from ${where}${out ? ` to ${out}` : ''}:`, ...counts].join('\n'));
  return 0;
}
