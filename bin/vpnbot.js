#!/usr/bin/env node
// Entry point for `npx vpnbot` and `npm start`: runs the build in dist/ (its bundle with the code cache, else the
// compiled files) when it is at least as new as src/; otherwise (development) the TypeScript sources through tsx;
// with neither, says to run `npm run build`.
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const builtAt = statSync(join(root, 'dist', '.build-stamp'), { throwIfNoEntry: false })?.mtimeMs;

/** The newest modification time of any file under `dir`; 0 when it does not exist. */
function newestIn(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

/** Whether tsx (a dev dependency) is installed. */
function hasTsx() {
  try {
    createRequire(import.meta.url).resolve('tsx/esm/api');
    return true;
  } catch {
    return false;
  }
}

const bundle = join(root, 'dist', 'bundle', 'vpnbot.cjs');
const bundled = statSync(bundle, { throwIfNoEntry: false }) !== undefined;
let entry = '../dist/cli/main.js';
if (builtAt === undefined || newestIn(join(root, 'src')) > builtAt) {
  if (hasTsx()) {
    const { register } = await import('tsx/esm/api');
    register();
    entry = '../src/cli/main.ts';
    if (args[0] === 'serve') {
      process.stderr.write(
        'vpnbot: running src/ through tsx (dist/ is missing or older than src/; `npm run build`)\n',
      );
    }
  } else if (builtAt === undefined) {
    process.stderr.write(
      'vpnbot: no build in dist/: run `npm run build` (needs `npm ci` with dev dependencies)\n',
    );
    process.exit(1);
  } else {
    process.stderr.write('vpnbot: dist/ is older than src/; running it anyway (`npm run build` to update)\n');
  }
}
const { main } =
  bundled && entry.startsWith('../dist/')
    ? (await import('./run-bundle.js')).loadBundle(bundle).exports
    : await import(entry);
process.exitCode = await main(args);
