// The module graph of src/: no import cycles, and each platform SDK imported only by its own channel folder.
import madge from 'madge';
import { beforeAll, describe, expect, test } from 'vitest';

type Graph = Record<string, string[]>;
let graph: Graph;
let cycles: string[][];

beforeAll(async () => {
  const result = await madge('src', {
    fileExtensions: ['ts'],
    tsConfig: 'tsconfig.json',
    includeNpm: true,
    detectiveOptions: { ts: { skipTypeImports: false } },
  });
  graph = result.obj();
  cycles = result.circular();
}, 60_000);

describe('src/ module graph', () => {
  test('reads the whole tree (the check below means something)', () => {
    expect(Object.keys(graph).length).toBeGreaterThan(150);
    expect(graph['server.ts']).toContain('app/handoff-contracts.ts');
  });

  test('has no import cycle, type imports included', () => {
    expect(cycles).toEqual([]);
  });

  test.each([
    ['botbuilder', 'channels/teams/'],
    ['@slack/bolt', 'channels/slack/'],
  ])('%s is imported only under src/%s', (sdk, folder) => {
    const importers = Object.entries(graph)
      .filter(([, deps]) => deps.some((d) => d.includes(`node_modules/${sdk}/`)))
      .map(([file]) => file);
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((file) => !file.startsWith(folder))).toEqual([]);
  });
});
