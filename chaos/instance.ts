// A bot instance as its own process on a loopback port, for the fault suite to start, kill and restart.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/helpers/spawned-cli.ts';

const BIN = fileURLToPath(new URL('../bin/vpnbot.js', import.meta.url));

/** A running bot process. */
export interface Instance {
  url: string;
  pid: number;
  /** Sends `signal`; resolves when the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Peak resident memory so far, in MB (VmHWM). */
  peakMb(): number;
}

/** Polls `url` until it answers `status` (or `deadlineMs` passes, then rejects). */
export async function waitFor(url: string, status = 200, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const got = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (got === status) return;
    if (Date.now() > until) throw new Error(`${url} did not answer ${status} within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts `vpnbot serve` with `env` on `port` and resolves once /readyz answers 200. */
export async function startInstance(env: Record<string, string>, port?: number): Promise<Instance> {
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'error',
      HOST: '127.0.0.1',
      PORT: String(chosen),
      HELPDESK_HOURS: 'Mon-Sun 00:00-24:00',
      HELPDESK_TZ: 'UTC',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${chosen}`;
  await Promise.race([
    waitFor(`${url}/readyz`),
    exited.then(() => {
      throw new Error('the bot exited while starting');
    }),
  ]);
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    peakMb: () => {
      const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/);
      return line ? Math.round(Number(line[1]) / 1024) : 0;
    },
  };
}
