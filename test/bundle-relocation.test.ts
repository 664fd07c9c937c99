// The production bundle (scripts/bundle.js) moves code out of its folders; what a module finds through import.meta must
// still be found where the compiled file would have found it. bin/run-bundle.js runs it with V8's code cache when it
// can, and without it when the cache is missing or was made elsewhere.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript build script, without type declarations
import { BUNDLE_FILE, bundle } from '../scripts/bundle.js';

const REPO = join(import.meta.dirname, '..');
let dist: string;

/** A small compiled tree: a CLI entry, a module two folders down that looks beside itself, and a lazy part. */
function writeTree(root: string): void {
  const put = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  put(
    'cli/main.js',
    [
      "import { where } from '../channels/web/where.js';",
      'export async function main() {',
      '  const lazy = await import("./lazy.js");',
      '  return { ...where(), lazy: lazy.here() };',
      '}',
    ].join('\n'),
  );
  put(
    'channels/web/where.js',
    [
      "import { fileURLToPath } from 'node:url';",
      'export const where = () => ({',
      "  publicDir: fileURLToPath(new URL('./public/', import.meta.url)),",
      '  dirname: import.meta.dirname,',
      "  content: fileURLToPath(new URL('../../../knowledge/x.yaml', import.meta.url)),",
      '});',
    ].join('\n'),
  );
  put('cli/lazy.js', "export const here = () => new URL('.', import.meta.url).pathname;");
}

beforeAll(async () => {
  // Inside the repository, so the bundler resolves packages as the real build does.
  mkdirSync(join(REPO, 'node_modules', '.cache'), { recursive: true });
  dist = join(mkdtempSync(join(REPO, 'node_modules', '.cache', 'bundle-test-')), 'dist');
  writeTree(dist);
  await bundle(dist);
});
afterAll(() => rmSync(join(dist, '..'), { recursive: true, force: true }));

/** Runs the bundle through bin/run-bundle.js in a fresh Node; what `main()` found, and how the code cache went. */
function runBundle(env: Record<string, string> = {}): { found: Record<string, string>; cache: string } {
  const loader = JSON.stringify(join(REPO, 'bin', 'run-bundle.js'));
  const script = [
    `const { loadBundle } = await import(${loader});`,
    `const { exports, cache } = loadBundle(${JSON.stringify(join(dist, BUNDLE_FILE))});`,
    'console.log(JSON.stringify({ found: await exports.main(), cache }));',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

describe('the bundle', () => {
  it('finds files beside each module as the compiled module did', () => {
    const { found } = runBundle();
    expect(found.publicDir).toBe(`${join(dist, 'channels', 'web', 'public')}/`);
    expect(found.dirname).toBe(join(dist, 'channels', 'web'));
    expect(found.content).toBe(join(dist, '..', 'knowledge', 'x.yaml'));
    expect(found.lazy).toBe(`${join(dist, 'cli')}/`);
  });

  it('runs without a code cache, writes one when asked, then runs from it', () => {
    const cacheFile = `${join(dist, BUNDLE_FILE)}.cache`;
    rmSync(cacheFile, { force: true });
    expect(runBundle().cache).toBe('none');
    expect(runBundle({ VPNBOT_WRITE_CODE_CACHE: '1' }).cache).toBe('none');
    const { found, cache } = runBundle();
    expect(cache).toBe('used');
    expect(found.dirname).toBe(join(dist, 'channels', 'web'));
  });

  it('passes over a cache it cannot use and still runs', () => {
    writeFileSync(`${join(dist, BUNDLE_FILE)}.cache`, 'made by some other Node');
    const { found, cache } = runBundle();
    expect(cache).toBe('rejected');
    expect(found.publicDir).toMatch(/public\/$/);
  });

  it('refuses an import.meta field it cannot place', async () => {
    const other = join(dist, '..', 'other');
    mkdirSync(join(other, 'cli'), { recursive: true });
    writeFileSync(join(other, 'cli', 'main.js'), 'export const f = import.meta.filename;');
    await expect(bundle(other)).rejects.toThrow(/import\.meta\.filename/);
  });

  it('refuses a package imported with import(), which cannot run from the code cache', async () => {
    const other = join(dist, '..', 'dynamic');
    mkdirSync(join(other, 'cli'), { recursive: true });
    writeFileSync(join(other, 'cli', 'main.js'), "export const f = () => import('better-sqlite3');");
    await expect(bundle(other)).rejects.toThrow(/import\(\) of better-sqlite3/);
  });
});
