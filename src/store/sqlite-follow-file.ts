// Keeps a SQLite-backed store on its file when the file is deleted or replaced under a running process.
import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { StoreUnavailableError } from './conversation-store.ts';
import { makePrivate } from './sqlite-db.ts';

/** A store built on one open handle of the file, and that handle. */
export interface OpenedOn<T> {
  store: T;
  db: Database.Database;
}

const identity = (file: string) => {
  const s = statSync(file, { throwIfNoEntry: false });
  return s ? `${s.dev}:${s.ino}` : undefined;
};

/**
 * Wraps the store `open()` builds so every call first checks that `file` is still the file it opened. When the file
 * (or its folder) was deleted, the content still reachable through the open handle is written back to `file` and
 * the store reopens it, so nothing acknowledged is lost; when another file took its place (a restore), the store
 * opens that one. Either way the next call sees the database at `file`, as a restart would.
 */
export function followFile<T extends { close(): Promise<void> }>(file: string, open: () => OpenedOn<T>): T {
  let current = open();
  let opened = identity(file);
  let closed = false;

  const follow = () => {
    if (closed) return current.store;
    const now = identity(file);
    if (now === opened) return current.store;
    const old = current;
    if (now === undefined) {
      makePrivate(file);
      old.db.prepare('VACUUM INTO ?').run(file);
    }
    current = open();
    opened = identity(file);
    void old.store.close().catch(() => {});
    return current.store;
  };

  const proxy = {} as Record<string, unknown>;
  for (const [name, value] of Object.entries(current.store))
    if (typeof value === 'function')
      proxy[name] = (...args: unknown[]) => {
        if (name === 'close') {
          closed = true;
          return current.store.close();
        }
        let store: T;
        try {
          store = follow();
        } catch (err) {
          // The file could not be put back (a read-only or full disk): the call fails as an outage.
          const why = `the SQLite file ${file} is gone and could not be restored: ${(err as Error).message}`;
          return Promise.reject(new StoreUnavailableError(why, { cause: err }));
        }
        return (store as Record<string, (...a: unknown[]) => unknown>)[name]?.(...args);
      };
  return proxy as T;
}
