// `npm run build`: compiles src/ to JavaScript in dist/ (tsconfig.build.json); copies the files src/ serves as they
// are (the web chat's and console's public/ folders); trains the intent model and checks the content ahead
// (scripts/write-snapshots.js); bundles what `vpnbot` runs into dist/bundle/vpnbot.cjs (scripts/bundle.js) and
// starts it once for its code cache (bin/write-code-cache.js); and stamps the build. `--if-possible` (the `prepare`
// step) skips quietly without TypeScript and leaves dist/ as it was when the sources do not type-check.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const ifPossible = process.argv.includes('--if-possible');
const say = (line) => process.stderr.write(`build: ${line}\n`);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  if (ifPossible) process.exit(0);
  say('TypeScript is not installed: run `npm ci` without --omit=dev, then `npm run build`');
  process.exit(1);
}

/** Compiles into a scratch folder and swaps it in whole, so a running `vpnbot` never sees half a dist/. */
async function build() {
  const started = new Date();
  const scratch = join(root, 'node_modules', '.cache', `vpnbot-build-${process.pid}`);
  const staging = join(scratch, 'dist');
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  try {
    const args = [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', staging];
    const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) {
      say(
        `tsc failed: dist/ is unchanged${ifPossible ? '; `npm start` runs src/ through tsx until then' : ''}`,
      );
      return ifPossible ? 0 : 1;
    }
    cpSync(join(root, 'src'), staging, { recursive: true, filter: (from) => !from.endsWith('.ts') });
    const snapshot = spawnSync(process.execPath, [join(root, 'scripts', 'write-snapshots.js'), staging], {
      cwd: root,
      stdio: 'inherit',
    });
    if (snapshot.status !== 0)
      say('the intent model or the content could not be prepared ahead: the bot does it at start-up');
    const { bundle } = await import('./bundle.js');
    await bundle(staging);
    const stamp = join(staging, '.build-stamp');
    writeFileSync(stamp, `${JSON.stringify({ builtAt: started.toISOString(), node: process.version })}\n`);
    utimesSync(stamp, started, started);
    const old = join(scratch, 'old');
    rmSync(old, { recursive: true, force: true });
    try {
      renameSync(dist, old);
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
    renameSync(staging, dist);
    // The bot is started once from the finished dist/, so the code cache holds what a real start compiles. Where it
    // cannot start (the image's build stage has no SQLite binary) the image makes the cache itself.
    try {
      const { writeCodeCache } = await import('../bin/write-code-cache.js');
      await writeCodeCache(root);
    } catch (err) {
      say(
        `no code cache: the built bot did not start here (${err.message.split('\n')[0]}); starts compile it`,
      );
    }
    say(`dist/ built in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await build();
