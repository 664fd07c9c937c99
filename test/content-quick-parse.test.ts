// Content is read by a quick YAML parser and located by the full one only on demand: both must read every file alike.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ContentError, parseYamlContent } from '../src/content/load-yaml.ts';

const shipped = ['knowledge', 'dialogs', 'cards'].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(dir, f)),
);

describe('every shipped content file', () => {
  it('is found', () => expect(shipped.length).toBeGreaterThanOrEqual(5));
  it.each(shipped.map((f) => [f]))('%s reads the same with both parsers', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(load(text, { schema: CORE_SCHEMA })).toEqual(parseDocument(text, { uniqueKeys: true }).toJS());
  });
});

const schema = z.object({ items: z.array(z.object({ code: z.number() })) });

describe('problems are still placed on their line', () => {
  it.each([
    ['a value of the wrong type', 'items:\n  - code: 1\n  - code: two\n', 3, /items\.1\.code/],
    ['a key written twice', 'items:\n  - code: 1\nitems:\n  - code: 2\n', 3, /unique|duplicate/i],
    ['broken indentation', 'items:\n  - code: 1\n   code: 2\n', 3, /./],
  ])('%s', (_name, text, line, message) => {
    let error: unknown;
    try {
      parseYamlContent('test.yaml', text, schema);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ContentError);
    const [first] = (error as ContentError).problems;
    expect(first).toMatchObject({ file: 'test.yaml', line });
    expect(first?.message).toMatch(message);
  });

  it('lineOf finds a node of content that read cleanly', () => {
    const loaded = parseYamlContent('ok.yaml', 'items:\n  - code: 1\n  - code: 2\n', schema);
    expect(loaded.data.items).toEqual([{ code: 1 }, { code: 2 }]);
    expect(loaded.lineOf(['items', 1, 'code'])).toBe(3);
  });
});
