// Cold start to first answered request, and the stored size of an idle conversation.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../src/content/load-content.ts';
import { createCodeLookup } from '../src/core/code-lookup.ts';
import { transition } from '../src/core/engine.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import type { BenchRow } from './report.ts';

const PORT = 39787;

/** Spawns `npm start`'s command and times it until /healthz and a web-chat turn answer. */
async function coldStartMs(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vpnbot-bench-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/vpnbot.js', 'serve'], {
    env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  try {
    for (let attempt = 0; attempt < 600; attempt++) {
      try {
        const res = await fetch(`http://127.0.0.1:${PORT}/web/api/turn`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ conversationId: 'bench-cold-start', text: 'error 721' }),
        });
        if (res.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('server did not answer within 6 s');
  } finally {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Stores many idle mid-triage conversations and reports the bytes each takes on disk. */
async function bytesPerConversation(count: number): Promise<{ disk: number; json: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'vpnbot-bench-'));
  const file = join(dir, 'bench.sqlite');
  const content = loadContent();
  const ctx = {
    now: Date.now(),
    flow: content.flow,
    lookup: createCodeLookup(content.entries),
    understand: () => ({ intent: 'vpn_problem', confidence: 1, codes: [] }),
    readAnswer: () => ({ kind: 'none' }) as const,
    answers: content.answers,
    org: { vpnTypes: [] },
    phrases: content.phrases,
    stepRules: content.stepRules,
    ttlMs: 86_400_000,
    minConfidence: 0.5,
  };
  let state = transition(undefined, { kind: 'text', text: 'vpn' }, ctx).state;
  for (const answer of ['1', '2', '3']) state = transition(state, { kind: 'text', text: answer }, ctx).state;
  const store = createSqliteStore(file);
  const empty = statSync(file).size;
  for (let i = 0; i < count; i++)
    await store.put(`teams:29:conversation-${i.toString().padStart(8, '0')}`, state, undefined);
  await store.close();
  const size = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  rmSync(dir, { recursive: true, force: true });
  return { disk: (size - empty) / count, json: JSON.stringify(state).length };
}

/** Runs both measurements. */
export async function benchStartupAndStorage(): Promise<BenchRow[]> {
  const starts = [];
  for (let i = 0; i < 3; i++) starts.push(await coldStartMs());
  const worst = Math.max(...starts);
  const { disk, json } = await bytesPerConversation(20_000);
  return [
    {
      section: 'Start-up and storage',
      name: 'cold start to first answered web-chat turn (worst of 3)',
      value: `${worst.toFixed(0)} ms (runs: ${starts.map((s) => s.toFixed(0)).join(', ')})`,
      bar: '< 1.5 s',
      pass: worst < 1500,
    },
    {
      section: 'Start-up and storage',
      name: 'stored size of an idle mid-triage conversation (SQLite, 20,000 rows)',
      value: `${disk.toFixed(0)} bytes on disk (state JSON ${json} bytes)`,
      bar: '< 2 KB',
      pass: disk < 2048,
    },
  ];
}
