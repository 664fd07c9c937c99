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

  /** Mirrors `shape` (an object of methods, or of such objects) with methods that call the current store's. */
  const mirror = (shape: Record<string, unknown>, path: string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(shape)) {
      const at = [...path, name];
      if (typeof value === 'function') out[name] = (...args: unknown[]) => call(at, args);
      else if (value && typeof value === 'object') out[name] = mirror(value as Record<string, unknown>, at);
      else out[name] = value;
    }
    return out;
  };
  const call = (path: string[], args: unknown[]) => {
    if (path.length === 1 && path[0] === 'close') {
      closed = true;
      return current.store.close();
    }
    let target: unknown;
    try {
      target = follow();
    } catch (err) {
      // The file could not be put back (a read-only or full disk): the call fails as an outage.
      const why = `the SQLite file ${file} is gone and could not be restored: ${(err as Error).message}`;
      return Promise.reject(new StoreUnavailableError(why, { cause: err }));
    }
    const name = path[path.length - 1] as string;
    for (const step of path.slice(0, -1)) target = (target as Record<string, unknown>)[step];
    return (target as Record<string, (...a: unknown[]) => unknown>)[name]?.(...args);
  };
  const proxy = mirror(current.store as unknown as Record<string, unknown>, []);
  return proxy as unknown as T;
}
