// The SMS opt-out list: numbers that texted STOP and must hear nothing until they text START again.

/** Who said STOP; numbers are normalised (E.164) before they get here. */
export interface OptOutStore {
  /** True when `number` has opted out and not opted back in; rejects when the store is down. */
  isOptedOut(number: string): Promise<boolean>;
  /** Records that `number` opted out at `at` (idempotent). */
  optOut(number: string, at: number): Promise<void>;
  /** Forgets an opt-out; true when there was one to forget. */
  optIn(number: string): Promise<boolean>;
  close(): Promise<void>;
}

/** A private in-memory opt-out list, for tests and the terminal. */
export function createMemoryOptOutStore(): OptOutStore {
  const numbers = new Map<string, number>();
  return {
    isOptedOut: async (number) => numbers.has(number),
    optOut: async (number, at) => void (numbers.has(number) || numbers.set(number, at)),
    optIn: async (number) => numbers.delete(number),
    close: async () => {},
  };
}
