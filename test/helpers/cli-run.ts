// Runs a `vpnbot` command in-process, as an admin would from a shell, and writes the labelled files it reads.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

/** Runs `vpnbot <args>`; returns the exit code and what it printed. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A writer of small files in a fresh temporary folder: `(name, lines)` → the file's path. */
export function tempFiles(prefix: string): (name: string, lines: string[]) => string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return (name, lines) => {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };
}
