// Content checked once and kept on disk under a hash of the files it was read from, so a start whose files are the
// ones `npm run build` checked skips parsing and checking them again. Kept with V8's serializer, which keeps the
// patterns (RegExp) the content compiles to.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';

/** The shipped content as `npm run build` checked it, next to the compiled code; from the sources there is none. */
export const CONTENT_SNAPSHOT = new URL('./content-snapshot.bin', import.meta.url);

/** Checked content found by the key of its files' text, or undefined (absent, stale or unreadable). */
export interface ContentSnapshot {
  load(key: string): unknown;
}

/** The key of a set of content files: a hash of each file's text, in order. */
export function contentKey(texts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(`${text.length}:`).update(text);
  return hash.digest('hex');
}

/** Reads a snapshot written by `writeContentSnapshot`; any problem reads as "no snapshot". */
export function fileContentSnapshot(file: string | URL): ContentSnapshot {
  return {
    load(key) {
      try {
        const { key: stored, content } = deserialize(readFileSync(file)) as {
          key?: unknown;
          content?: unknown;
        };
        return stored === key ? content : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Writes `content`, checked from files whose key is `key`, to `file`. */
export function writeContentSnapshot(file: string | URL, key: string, content: unknown): void {
  writeFileSync(file, serialize({ key, content }));
}
