// A trained intent model kept on disk with the key of what it was trained on, so a start need not train again.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { IntentModelData } from './intent-model.ts';

/** Where a trained model may be found: the data for `key`, or undefined (absent, stale or unreadable). */
export interface ModelSnapshot {
  load(key: string): IntentModelData | undefined;
}

/** The key of a training run: a hash of everything the model is learned from and how. */
export function trainingKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((n) => typeof n === 'number');
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((n) => typeof n === 'string');

/** Reads a snapshot file written by `writeModelSnapshot`; any problem reads as "no snapshot". */
export function fileSnapshot(file: string | URL): ModelSnapshot {
  return {
    load(key) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        return undefined;
      }
      const { key: stored, model } = (parsed ?? {}) as { key?: unknown; model?: Partial<IntentModelData> };
      if (stored !== key || !model) return undefined;
      const { labels, features, weights, bias } = model;
      if (!isStrings(labels) || !isStrings(features) || !isNumbers(weights) || !isNumbers(bias))
        return undefined;
      return { labels, features, weights, bias };
    },
  };
}

/** Writes `model`, trained on what `key` names, to `file`. */
export function writeModelSnapshot(file: string | URL, key: string, model: IntentModelData): void {
  writeFileSync(file, JSON.stringify({ key, model }));
}
