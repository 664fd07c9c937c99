// Bundles the compiled CLI (`<dist>/cli/main.js`) and the packages it loads at start into `<dist>/bundle/`, one
// file per lazily loaded part, so a start reads a handful of files instead of ~700 (esbuild). Paths a module takes
// from `import.meta` are rewritten to the compiled file it came from, so files found beside the code (public
// folders, the trained model, the content) are found as before. Usage: node scripts/bundle.js <dist folder>
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * Packages left to Node's own loader: native code, worker scripts or data found beside their files, and SDKs that
 * only a channel switched on loads (their channel's code is its own chunk and imports them when it runs).
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
function relocate(dist, outdir) {
  return {
    name: 'relocate-import-meta',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, async ({ path }) => {
        const inDist = relative(dist, path);
        if (inDist.startsWith('..') || inDist.split(sep).includes('node_modules')) return undefined;
        const from = relative(outdir, path).split(sep).join('/');
        const folder = relative(outdir, dirname(path)).split(sep).join('/');
        const source = await readFile(path, 'utf8');
        const contents = source.replace(META, (whole, field) => {
          if (field === 'url') return `new URL(${JSON.stringify(from)}, import.meta.url).href`;
          if (field === 'dirname') return `__bundledDirname(${JSON.stringify(folder)})`;
          throw new Error(`${path}: ${whole} has no place in the bundle (only import.meta.url and .dirname)`);
        });
        return { contents, loader: 'js' };
      });
    },
  };
}

/** The bundle's first lines: `require` for the CommonJS packages inside, and the folder helper `relocate` uses. */
const BANNER = [
  "import { createRequire as __bundledRequire } from 'node:module';",
  "import { fileURLToPath as __bundledPath } from 'node:url';",
  'const require = __bundledRequire(import.meta.url);',
  'const __bundledDirname = (folder) => __bundledPath(new URL(folder + "/", import.meta.url)).replace(/[\\\\/]$/, "");',
].join('\n');

/** Writes `<dist>/bundle/main.js` and its chunks from the compiled code in `dist`; resolves with the file count. */
export async function bundle(dist) {
  const outdir = join(dist, 'bundle');
  const result = await build({
    entryPoints: [join(dist, 'cli', 'main.js')],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    external: EXTERNAL,
    banner: { js: BANNER },
    metafile: true,
    logLevel: 'silent',
    plugins: [relocate(dist, outdir)],
  });
  return Object.keys(result.metafile.outputs).length;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dist = process.argv[2] ?? join(import.meta.dirname, '..', 'dist');
  const files = await bundle(dist);
  process.stderr.write(`bundle: ${files} files in ${join(dist, 'bundle')}\n`);
}
