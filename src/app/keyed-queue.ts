// Runs work for one key at a time, in arrival order, while different keys run side by side.

/** A per-key queue: `run(key, fn)` starts `fn` once every earlier call for the same key has settled. */
export interface KeyedQueue {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** How many keys have work waiting or under way. */
  readonly busyKeys: number;
}

/** Builds an empty queue; a key's entry is dropped as soon as its last call settles, so idle keys cost nothing. */
export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, fn) {
      const before = tails.get(key) ?? Promise.resolve();
      const mine = before.then(fn, fn);
      const tail = mine.catch(() => {});
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return mine;
    },
    get busyKeys() {
      return tails.size;
    },
  };
}
