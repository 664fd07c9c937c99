// `vpnbot import [file]`: reads what `vpnbot export` wrote into the configured store; rows already there are kept.
import { readFileSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { readHeader, readRowLine, type TableRow } from '../store/transfer/export-format.ts';
import { configuredDb } from './configured-db.ts';
import type { CliIo } from './io.ts';

const USAGE = 'Usage: vpnbot import [file]   (standard input without a file)';
/** How many refused lines are listed; the rest are counted. */
const SHOWN = 20;

/** The file's rows, or every line that is wrong with its number. */
export function readExport(text: string): { rows: TableRow[] } | { problems: string[] } {
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return { problems: ['the file is empty'] };
  const header = readHeader(lines[first] as string);
  if (typeof header === 'string') return { problems: [`line ${first + 1}: ${header}`] };
  const rows: TableRow[] = [];
  const problems: string[] = [];
  lines.forEach((line, i) => {
    if (i <= first || line.trim() === '') return;
    const read = readRowLine(line);
    if (typeof read === 'string') problems.push(`line ${i + 1}: ${read}`);
    else rows.push(read);
  });
  return problems.length ? { problems } : { rows };
}

const readInput = async (file: string | undefined): Promise<string> => {
  if (file) return readFileSync(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * Checks every line first and imports nothing when one is wrong (each listed with its number); otherwise adds the
 * rows in one transaction. 0 imported, 1 file or store refused, 2 usage.
 */
export async function importCommand(args: string[], io: CliIo): Promise<number> {
  if (args.length > 1 || args[0]?.startsWith('-') || (!args.length && process.stdin.isTTY)) {
    io.err(`vpnbot import: give the file \`vpnbot export\` wrote\n${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = await readInput(args[0]);
  } catch (err) {
    io.err(`vpnbot import: cannot read ${args[0] ?? 'standard input'}: ${(err as Error).message}`);
    return 1;
  }
  const read = readExport(text);
  if ('problems' in read) {
    const more = read.problems.length - SHOWN;
    io.err(
      [
        `vpnbot import: nothing imported; fix these lines and run it again:`,
        ...read.problems.slice(0, SHOWN).map((p) => `  ${p}`),
        ...(more > 0 ? [`  … and ${more} more`] : []),
      ].join('\n'),
    );
    return 1;
  }
  const { db, where } = configuredDb(loadConfig());
  try {
    const counts = await db.insert(read.rows);
    io.out(
      [
        `Imported into ${where}:`,
        ...[...counts].map(
          ([table, c]) =>
            `  ${table.padEnd(20)} ${c.added} added, ${c.present} already there (kept as it was)`,
        ),
        ...(counts.size ? [] : ['  nothing: the file holds no rows']),
      ].join('\n'),
    );
    return 0;
  } catch (err) {
    io.err(`vpnbot import: ${where}: nothing imported: ${(err as Error).message ?? err}`);
    return 1;
  } finally {
    await db.close();
  }
}
