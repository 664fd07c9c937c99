// `node bin/vpnbot.js` as an operator starts it: a real process in a folder of its own, with only the variables given.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/vpnbot.js');

/** A fresh folder to run in, holding `.env` with `lines` when given; returns its path. */
export function folderWithEnv(lines?: string[], name = '.env'): string {
  const dir = mkdtempSync(join(tmpdir(), 'vpnbot-env-'));
  if (lines) writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  return dir;
}

/** The environment of the child: PATH and HOME only, plus `env`, so nothing of this shell leaks in. */
const childEnv = (env: Record<string, string>) => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  ...env,
});

/** Runs `vpnbot <args>` in `cwd` to the end. */
export function runVpnbot(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: childEnv(env),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** A `vpnbot serve` process: what it printed so far, and how to stop it. */
export interface ServeProcess {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `vpnbot serve` in `cwd` and resolves once `http://127.0.0.1:<port>/livez` answers 200 (60 s at most). */
export async function startServe(
  cwd: string,
  port: number,
  env: Record<string, string> = {},
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd, env: childEnv(env) });
  let printed = '';
  child.stdout.on('data', (d) => {
    printed += d;
  });
  child.stderr.on('data', (d) => {
    printed += d;
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vpnbot serve exited ${child.exitCode}:\n${printed}`);
    const up = await fetch(`http://127.0.0.1:${port}/livez`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (up) return { child, output: () => printed, stop };
    await new Promise((done) => setTimeout(done, 200));
  }
  await stop();
  throw new Error(`vpnbot serve did not answer on port ${port} within 60 s:\n${printed}`);
}
