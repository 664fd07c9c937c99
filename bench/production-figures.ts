// `node --import tsx bench/production-figures.ts [repo folder]`: the production figures of issue 13 for one install —
// cold start of `node bin/vpnbot.js serve` to a ready /readyz (median of 5), and resident memory idle and after 5,000
// web chat turns (and the V8 heap in use then). Prints a Markdown table; BENCHMARKS.md keeps the dated results.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../test/helpers/spawned-cli.ts';

const REPO = resolve(process.argv[2] ?? '.');
const RUNS = 5;
const TURNS = 5000;
const PER_CONVERSATION = 10;
const TEXTS = [
  'hi',
  'my vpn will not connect',
  'it says error 721',
  'yes',
  'no',
  'windows 11',
  'now it says error 809',
  'still not working',
  'what is error 800',
  'thanks',
];

interface Server {
  child: ChildProcess;
  url: string;
  readyMs: number;
  /** CPU time (user + system) the process had used when /readyz first answered: steadier than wall time on a busy machine. */
  readyCpuMs: number;
  stop(): Promise<void>;
}

/** Spawns `vpnbot serve` from `REPO` and resolves once /readyz answers 200, polled every 10 ms. */
async function start(): Promise<Server> {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'vpnbot-figures-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/vpnbot.js', 'serve'], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: data,
      LOG_LEVEL: 'silent',
      TRUST_PROXY: 'loopback',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('vpnbot serve exited while starting');
    if (Date.now() > until) throw new Error('/readyz did not answer within 120 s');
    const res = await fetch(`${url}/readyz`).catch(() => undefined);
    if (res?.status === 200) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const readyMs = performance.now() - started;
  const readyCpuMs = cpuMs(child.pid ?? 0);
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    rmSync(data, { recursive: true, force: true });
  };
  return { child, url, readyMs, readyCpuMs, stop };
}

/** CPU time `pid` has used, in ms, from /proc (utime + stime, 100 ticks a second). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of `pid` in MB, from /proc. */
function rssMb(pid: number): number {
  const kb = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1];
  return Math.round(Number(kb) / 1024);
}

/** The V8 heap in use, in MB, as the bot's own /metrics reports it (loopback may read it). */
async function heapInUseMb(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const bytes = /^nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1];
  return Math.round(Number(bytes) / 1_048_576);
}

/** Plays `TURNS` web chat turns, ten per conversation, each conversation from its own address (the per-address budget). */
async function chat(url: string): Promise<number> {
  let failed = 0;
  const conversations = TURNS / PER_CONVERSATION;
  const worker = async (first: number) => {
    for (let c = first; c < conversations; c += 4) {
      for (const text of TEXTS) {
        const res = await fetch(`${url}/web/api/turn`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': `10.${(c >> 8) & 255}.${c & 255}.1`,
          },
          body: JSON.stringify({ conversationId: `figures-${String(c).padStart(5, '0')}`, text }),
        });
        if (!res.ok) failed++;
        await res.arrayBuffer();
      }
    }
  };
  await Promise.all([0, 1, 2, 3].map(worker));
  return failed;
}

const times: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const server = await start();
  times.push(server.readyMs);
  cpu.push(server.readyCpuMs);
  await server.stop();
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const server = await start();
await new Promise((r) => setTimeout(r, 2000));
const idle = rssMb(server.child.pid ?? 0);
const chatStarted = performance.now();
const failed = await chat(server.url);
const chatSeconds = (performance.now() - chatStarted) / 1000;
const busy = rssMb(server.child.pid ?? 0);
const heapUsedMb = await heapInUseMb(server.url);
await server.stop();

const runs = times.map((t) => Math.round(t)).join(', ');
const cpuRuns = cpu.join(', ');
process.stdout.write(
  [
    `| measure (${REPO}) | result |`,
    '|---|---|',
    `| cold start to a ready /readyz, median of ${RUNS} | ${Math.round(median(times))} ms (runs: ${runs}) |`,
    `| CPU time used by then, median of ${RUNS} | ${median(cpu)} ms (runs: ${cpuRuns}) |`,
    `| resident memory, idle after start | ${idle} MB |`,
    `| resident memory after ${TURNS} web chat turns | ${busy} MB (${failed} failed, ${chatSeconds.toFixed(1)} s) |`,
    `| V8 heap in use after them | ${heapUsedMb} MB |`,
    '',
  ].join('\n'),
);
