// The production build as an operator ships it: `npm run build` in a copy of the repo whose node_modules has no tsx,
// then `node bin/vpnbot.js serve` from that copy answers the web chat from dist/ and stops on SIGTERM.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deserialize } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentKeyOf, loadContent } from '../src/content/load-content.ts';
import { createNlu } from '../src/nlu/create-nlu.ts';
import { freePort } from './helpers/spawned-cli.ts';

const REPO = resolve(import.meta.dirname, '..');
const SHIPPED = ['bin', 'src', 'scripts', 'dialogs', 'cards', 'knowledge', 'nlu', 'manifest'];
const FILES = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];

/** A copy of the repo without dist/, whose node_modules links every installed package except tsx. */
function copyWithoutTsx(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vpnbot-build-'));
  for (const name of SHIPPED) cpSync(join(REPO, name), join(dir, name), { recursive: true });
  for (const name of FILES) cpSync(join(REPO, name), join(dir, name));
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(join(REPO, 'node_modules'))) {
    if (name === 'tsx' || name.startsWith('.')) continue;
    symlinkSync(join(REPO, 'node_modules', name), join(dir, 'node_modules', name));
  }
  return dir;
}

/** The environment of a child: PATH, HOME and `env` only, so no loader in NODE_OPTIONS reaches it. */
const childEnv = (env: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  LOG_LEVEL: 'silent',
  ...env,
});

const run = (dir: string, args: string[]) =>
  spawnSync(process.execPath, args, { cwd: dir, env: childEnv(), encoding: 'utf8', timeout: 240_000 });

async function waitForReady(url: string, child: ChildProcess): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`vpnbot serve exited with ${child.exitCode}`);
    const res = await fetch(`${url}/readyz`).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url}/readyz did not answer 200 within 60 s`);
}

describe('the production build, run without tsx', () => {
  let dir: string;
  let built: ReturnType<typeof run>;

  beforeAll(() => {
    dir = copyWithoutTsx();
    built = run(dir, ['scripts/build.js']);
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('npm run build compiles src/ into dist/ with the public folders, and bundles it', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(existsSync(join(dir, 'dist/cli/main.js'))).toBe(true);
    expect(existsSync(join(dir, 'dist/bundle/vpnbot.cjs'))).toBe(true);
    expect(built.stderr).not.toMatch(/no code cache/);
    expect(existsSync(join(dir, 'dist/channels/web/public/index.html'))).toBe(true);
    expect(existsSync(join(dir, 'node_modules/tsx'))).toBe(false);
  });

  it('trains the intent model ahead, keyed by the shipped training set, so a start need not', () => {
    expect(built.stderr).not.toMatch(/could not be prepared ahead/);
    const { key, model } = JSON.parse(readFileSync(join(dir, 'dist/nlu/intent-model.json'), 'utf8'));
    expect(key).toBe(createNlu({ knownCodes: new Set() }).trained.key);
    expect(model.labels).toContain('human');
  });

  it('checks the shipped content ahead, keyed by the text of its files', () => {
    const { key, content } = deserialize(readFileSync(join(dir, 'dist/content/content-snapshot.bin')));
    expect(key).toBe(contentKeyOf());
    expect(content).toEqual(loadContent());
  });

  it('vpnbot serve from dist/ answers a web chat turn, serves the page and stops on SIGTERM', async () => {
    const port = await freePort();
    const data = mkdtempSync(join(tmpdir(), 'vpnbot-build-data-'));
    const child = spawn(process.execPath, ['bin/vpnbot.js', 'serve'], {
      cwd: dir,
      env: childEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: data }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForReady(url, child);
      const turn = await fetch(`${url}/web/api/turn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversationId: 'build-check-1', text: 'vpn error 721' }),
      });
      expect(turn.status).toBe(200);
      expect(JSON.stringify(await turn.json())).toMatch(/Error 721/);
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/i);
      expect((await fetch(`${url}/web/static/chat.js`)).status).toBe(200);
      // The picture reader (tesseract.js, loaded on the first picture) works from the bundle too.
      const picture = await fetch(`${url}/web/api/picture?conversationId=build-check-1`, {
        method: 'POST',
        headers: { 'content-type': 'image/png' },
        body: readFileSync(join(REPO, 'test/fixtures/error-809-dialog.png')),
      });
      expect(JSON.stringify(await picture.json())).toMatch(/Error 809/);
      expect(stderr).not.toMatch(/tsx/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    rmSync(data, { recursive: true, force: true });
  }, 120_000);

  it('the build started the bot once, leaving a code cache this Node runs from', () => {
    const script = [
      "const { loadBundle } = await import('./bin/run-bundle.js');",
      "console.log(loadBundle('dist/bundle/vpnbot.cjs').cache);",
    ].join('\n');
    const check = run(dir, ['--input-type=module', '-e', script]);
    expect(check.stdout.trim(), check.stderr).toBe('used');
  });

  it('vpnbot runs the bundle, which finds the content and files beside the compiled code', () => {
    rmSync(join(dir, 'dist/cli'), { recursive: true, force: true });
    const code = run(dir, ['bin/vpnbot.js', 'code', '809']);
    expect(code.status, code.stderr).toBe(0);
    expect(code.stdout).toMatch(/^Error 809/m);
  });

  it('a dist/ older than src/ still runs when tsx is absent, with a warning', () => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'src/cli/main.ts'), later, later);
    const code = run(dir, ['bin/vpnbot.js', 'code', '721']);
    expect(code.status, code.stderr).toBe(0);
    expect(code.stdout).toMatch(/^Error 721/m);
    expect(code.stderr).toMatch(/dist\/ is older than src\/; running it anyway/);
  });

  it('with no build and no tsx, vpnbot says to run npm run build', () => {
    rmSync(join(dir, 'dist'), { recursive: true, force: true });
    const code = run(dir, ['bin/vpnbot.js', 'code', '721']);
    expect(code.status).toBe(1);
    expect(code.stderr).toMatch(/no build in dist\/: run `npm run build`/);
    expect(code.stderr).not.toMatch(/\bat .*:\d+:\d+/);
  });
});
