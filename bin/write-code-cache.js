// `node bin/write-code-cache.js`: starts the built bot once (`vpnbot serve` on a free port, a scratch data folder),
// answers one web chat turn and stops it, so the bundle's code cache (dist/bundle/vpnbot.cjs.cache) holds V8's
// compiled code for a start and a first turn, for the Node that ran it. `npm run build` and the image's last stage
// run it; a start without the cache compiles the bundle instead.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Writes the code cache of the build in `root`; rejects (saying why) when the bot does not start, answer or stop. */
export async function writeCodeCache(root) {
  const data = mkdtempSync(join(tmpdir(), 'vpnbot-code-cache-'));
  const child = spawn(process.execPath, [join(root, 'bin', 'vpnbot.js'), 'serve'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: data,
      LOG_LEVEL: 'info',
      VPNBOT_WRITE_CODE_CACHE: '1',
      ...(process.env.NODE_ENV ? { NODE_ENV: process.env.NODE_ENV } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((done) => child.once('exit', (code) => done(code)));
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const ready = /"url":"http:\/\/localhost:(\d+)"[^\n]*VPN bot ready/.exec(out);
        if (ready) resolve(`http://127.0.0.1:${ready[1]}`);
      });
      exited.then((code) =>
        reject(new Error(`vpnbot serve exited (${code}) before it was ready\n${stderr}`)),
      );
    });
    const turn = await fetch(`${url}/web/api/turn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: 'code-cache-1', text: 'my vpn says error 721' }),
    });
    if (!turn.ok) throw new Error(`a first web chat turn answered ${turn.status}`);
    child.kill('SIGTERM');
    if ((await exited) !== 0) throw new Error(`vpnbot serve did not stop cleanly\n${stderr}`);
  } finally {
    child.kill('SIGKILL');
    rmSync(data, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await writeCodeCache(join(import.meta.dirname, '..'));
    process.stderr.write('write-code-cache: dist/bundle/vpnbot.cjs.cache written\n');
  } catch (err) {
    process.stderr.write(`write-code-cache: ${err.message}\n`);
    process.exitCode = 1;
  }
}
