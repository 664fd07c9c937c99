// Runs the one-file build (dist/bundle/vpnbot.cjs, scripts/bundle.js) with V8's compiled code from its `.cache` file,
// so a start compiles almost nothing. A cache this Node cannot use (another version, other V8 flags) is passed over
// and the file compiled as usual. With VPNBOT_WRITE_CODE_CACHE set (the build does this once), the cache is written
// as the process exits, holding everything the run compiled.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Script } from 'node:vm';

/**
 * Loads the bundle at `file`: its exports (the CLI's `main`), and whether its code cache was `used`, `rejected` (made
 * by another Node or with other V8 flags) or `none` (no cache file).
 */
export function loadBundle(path) {
  const file = resolve(path);
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = readFileSync(file, 'utf8');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  if (process.env.VPNBOT_WRITE_CODE_CACHE) {
    process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  }
  const module = { exports: {} };
  script
    .runInThisContext()
    .call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  const cache = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  return { exports: module.exports, cache };
}
