// The intent model trained ahead (at build time) answers exactly as one trained at start-up, and only for its own training.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNlu, type Nlu } from '../src/nlu/create-nlu.ts';
import { readLabelledFile } from '../src/nlu/labelled-file.ts';
import { fileSnapshot, type ModelSnapshot, writeModelSnapshot } from '../src/nlu/model-snapshot.ts';
import { DEV_FILE, loadTrainingSet } from '../src/nlu/training-set.ts';

const knownCodes = new Set([691, 721, 809]);
const dir = mkdtempSync(join(tmpdir(), 'vpnbot-snapshot-'));
const file = join(dir, 'intent-model.json');
let trained: Nlu;

/** Writes `text` to `name` in the scratch folder and returns its path. */
const written = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

/** A snapshot that counts how often it was asked. */
const counting = (inner: ModelSnapshot) => {
  let asked = 0;
  return {
    load: (key: string) => {
      asked++;
      return inner.load(key);
    },
    asked: () => asked,
  };
};

beforeAll(() => {
  trained = createNlu({ knownCodes });
  writeModelSnapshot(file, trained.trained.key, trained.trained.model);
});

describe('a model from the snapshot', () => {
  it('is used, and reads every held-out sentence exactly as the model trained here', () => {
    const snapshot = counting(fileSnapshot(file));
    const loaded = createNlu({ knownCodes, snapshot });
    expect(snapshot.asked()).toBe(1);
    expect(loaded.trained.model).toEqual(trained.trained.model);
    const dev = readLabelledFile(DEV_FILE);
    expect(dev.length).toBeGreaterThan(100);
    for (const { text } of dev) expect(loaded.classify(text)).toEqual(trained.classify(text));
  });
});

describe('a snapshot that does not fit is ignored, and the model is trained instead', () => {
  const otherTraining = () => loadTrainingSet().filter((_, i) => i % 2 === 0);

  it.each([
    ['of another training (a sentence added or removed)', () => file, otherTraining],
    ['missing', () => join(dir, 'none.json'), undefined],
    ['not JSON', () => written('bad.json', '{"key": '), undefined],
    [
      'with the right key but weights that do not fit',
      () => {
        const broken = join(dir, 'broken.json');
        const { key, model } = trained.trained;
        writeFileSync(broken, JSON.stringify({ key, model: { ...model, weights: 'nope' } }));
        return broken;
      },
      undefined,
    ],
  ])('%s', (_name, path, training) => {
    const examples = training?.();
    const nlu = createNlu({ knownCodes, snapshot: fileSnapshot(path()), training: examples });
    const fresh = createNlu({ knownCodes, training: examples });
    expect(nlu.trained).toEqual(fresh.trained);
    expect(nlu.classify('my vpn says error 809')).toEqual(fresh.classify('my vpn says error 809'));
    expect(nlu.classify('can I talk to a person')).toEqual(fresh.classify('can I talk to a person'));
  });
});
