// The production bundle (scripts/bundle.js) moves code out of its folders; what a module finds through import.meta must
// still be found where the compiled file would have found it, and a lazily imported part stays a separate file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript build script, without type declarations
import { bundle } from '../scripts/bundle.js';

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

describe('the bundle', () => {
  it('finds files beside each module as the compiled module did', () => {
    const script = `const { main } = await import(${JSON.stringify(join(dist, 'bundle', 'main.js'))}); console.log(JSON.stringify(await main()));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const found = JSON.parse(run.stdout);
    expect(found.publicDir).toBe(`${join(dist, 'channels', 'web', 'public')}/`);
    expect(found.dirname).toBe(join(dist, 'channels', 'web'));
    expect(found.content).toBe(join(dist, '..', 'knowledge', 'x.yaml'));
    expect(found.lazy).toBe(`${join(dist, 'cli')}/`);
  });

  it('keeps a lazily imported part in a file of its own', () => {
    expect(readdirSync(join(dist, 'bundle')).length).toBeGreaterThan(1);
  });

  it('refuses an import.meta field it cannot place', async () => {
    const other = join(dist, '..', 'other');
    mkdirSync(join(other, 'cli'), { recursive: true });
    writeFileSync(join(other, 'cli', 'main.js'), 'export const f = import.meta.filename;');
    await expect(bundle(other)).rejects.toThrow(/import\.meta\.filename/);
  });
});
