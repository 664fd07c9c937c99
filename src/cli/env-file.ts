// Reads `.env` (or ENV_FILE) into the environment with Node's own loader; variables already set win over the file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** What loading found: the file read (undefined when there was none), or a one-line problem naming the file. */
export type EnvFileResult = { path?: string } | { error: string };

const ASSIGNMENT = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=\s*(.*)$/;
const QUOTES = ['"', "'", '`'];

/** The file `vpnbot` reads settings from: ENV_FILE (relative to `cwd`) when set, else `.env` in `cwd`. */
export function envFilePath(cwd = process.cwd()): string {
  return resolve(cwd, process.env.ENV_FILE?.trim() || '.env');
}

/** The first line Node's lenient parser would silently misread (no `NAME=`, or a quote never closed), 1-based. */
function malformedLine(text: string): { line: number; problem: string } | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const value = ASSIGNMENT.exec(line)?.[1];
    if (value === undefined) return { line: i + 1, problem: 'expected NAME=value' };
    const quote = value[0];
    if (!quote || !QUOTES.includes(quote) || value.indexOf(quote, 1) !== -1) continue;
    const closing = lines.findIndex((l, j) => j > i && l.includes(quote));
    if (closing === -1) return { line: i + 1, problem: `the ${quote} opened here is never closed` };
    i = closing;
  }
  return undefined;
}

/**
 * Loads ENV_FILE, or `.env` in `cwd` when it exists, into process.env; variables already in the environment are
 * kept. A missing ENV_FILE, an unreadable file or a malformed line is reported (never a value from the file).
 */
export function loadDotEnv(cwd = process.cwd()): EnvFileResult {
  const named = process.env.ENV_FILE?.trim();
  const path = envFilePath(cwd);
  if (!existsSync(path)) return named ? { error: `ENV_FILE=${named}: no such file (${path})` } : {};
  try {
    if (!statSync(path).isFile()) return { error: `${path}: not a file` };
    if (typeof process.loadEnvFile !== 'function')
      return { error: `${path}: reading it needs Node 20.12 or later (this is ${process.version})` };
    const bad = malformedLine(readFileSync(path, 'utf8'));
    if (bad) return { error: `${path}:${bad.line}: ${bad.problem} (see .env.example)` };
    process.loadEnvFile(path);
  } catch (err) {
    return { error: `${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  return { path };
}
