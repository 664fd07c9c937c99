// Bundles the compiled CLI (`<dist>/cli/main.js`) and the packages it loads into one CommonJS file,
// `<dist>/bundle/vpnbot.cjs` (esbuild), which bin/run-bundle.js runs with V8's code cache (bin/write-code-cache.js
// makes it). Paths a module takes from `import.meta` are rewritten to the compiled file it came
// from, so files found beside the code (public folders, the trained model, the content) are found as before.
// Usage: node scripts/bundle.js <dist folder>
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** Where the bundle and its code cache are written, inside a dist folder. */
export const BUNDLE_FILE = join('bundle', 'vpnbot.cjs');

/**
 * Packages left to Node's own loader, required only where they are used: native code, worker scripts or data found
 * beside their files, and SDKs that only a channel switched on needs.
 */
export const EXTERNAL = [
  'better-sqlite3',
  'pg',
  'tesseract.js',
  '@tesseract.js-data/*',
  'natural',
  'botbuilder',
  'botbuilder-*',
  'botframework-*',
  '@slack/*',
  'twilio',
];

/** The `import.meta` fields compiled code may use; any other one fails the bundle rather than break at run time. */
const META = /import\.meta(?:\.(\w+))?/g;

/** An esbuild plugin that points each compiled module's `import.meta.url`/`dirname` at its place in `dist`. */
function relocate(dist, bundleDir) {
  return {
    name: 'relocate-import-meta',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, async ({ path }) => {
        const inDist = relative(dist, path);
        if (inDist.startsWith('..') || inDist.split(sep).includes('node_modules')) return undefined;
        const from = relative(bundleDir, path).split(sep).join('/');
        const folder = relative(bundleDir, dirname(path)).split(sep).join('/');
        const source = await readFile(path, 'utf8');
        const contents = source.replace(META, (whole, field) => {
          if (field === 'url') return `__bundledUrl(${JSON.stringify(from)})`;
          if (field === 'dirname') return `__bundledDirname(${JSON.stringify(folder)})`;
          throw new Error(`${path}: ${whole} has no place in the bundle (only import.meta.url and .dirname)`);
        });
        return { contents, loader: 'js' };
      });
    },
  };
}

/**
 * An esbuild plugin that keeps a package's JSON data (mime-db's 200 KB table, say) as a string read by JSON.parse,
 * which V8 reads several times faster than the same data written as an object literal.
 */
const jsonAsString = {
  name: 'json-as-string',
  setup(b) {
    b.onLoad({ filter: /\.json$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      JSON.parse(text);
      return { contents: `module.exports = JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

/** The bundle's first lines: the helpers `relocate` writes, resolving against the bundle's own file. */
const BANNER = [
  'const __bundledUrl = (path) => new URL(path, require("node:url").pathToFileURL(__filename)).href;',
  'const __bundledDirname = (folder) => require("node:path").join(__dirname, folder);',
].join('\n');

/** Writes `<dist>/bundle/vpnbot.cjs` from the compiled code in `dist`; resolves with its size in bytes. */
export async function bundle(dist) {
  const outfile = join(dist, BUNDLE_FILE);
  const result = await build({
    entryPoints: [join(dist, 'cli', 'main.js')],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    banner: { js: BANNER },
    metafile: true,
    logLevel: 'silent',
    plugins: [relocate(dist, dirname(outfile)), jsonAsString],
  });
  if (result.warnings.length) throw new Error(result.warnings.map((w) => w.text).join('\n'));
  // A dynamic import() cannot run from V8's code cache (Node loses what it needs to resolve it): require instead.
  const dynamic = Object.values(result.metafile.outputs)
    .flatMap((o) => o.imports)
    .filter((i) => i.kind === 'dynamic-import' && i.external);
  if (dynamic.length)
    throw new Error(
      `import() of ${dynamic.map((i) => i.path).join(', ')} cannot run from the code cache: require it`,
    );
  return Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dist = process.argv[2] ?? join(import.meta.dirname, '..', 'dist');
  const bytes = await bundle(dist);
  process.stderr.write(`bundle: ${join(dist, BUNDLE_FILE)}, ${Math.round(bytes / 1024)} KB\n`);
}
