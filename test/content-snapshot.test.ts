// Content checked at build time is used at start only while every file still has the text it was checked from;
// an edited file (or a damaged snapshot) is read and checked again, so a broken edit is still reported.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentKey, fileContentSnapshot, writeContentSnapshot } from '../src/content/content-snapshot.ts';
import { contentFilesIn, contentKeyOf, loadContent } from '../src/content/load-content.ts';
import { ContentError } from '../src/content/load-yaml.ts';

let dir: string;
let snapshotFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpnbot-content-'));
  for (const folder of ['knowledge', 'dialogs', 'cards'])
    cpSync(folder, join(dir, folder), { recursive: true });
  snapshotFile = join(dir, 'content-snapshot.bin');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a snapshot of the folder's content as checked now, then marks its first entry so a test can tell it was used. */
function snapshotMarked(): void {
  const files = contentFilesIn(dir);
  const content = loadContent(files);
  content.entries[0] = { ...content.entries[0], title: 'FROM THE SNAPSHOT' } as (typeof content.entries)[0];
  writeContentSnapshot(snapshotFile, contentKeyOf(files) ?? '', content);
}

describe('content checked ahead', () => {
  it('is used when every file has the text it was checked from', () => {
    snapshotMarked();
    const content = loadContent(contentFilesIn(dir), fileContentSnapshot(snapshotFile));
    expect(content.entries[0]?.title).toBe('FROM THE SNAPSHOT');
  });

  it('keeps what checking compiles, such as the fact patterns, as they were', () => {
    const files = contentFilesIn(dir);
    writeContentSnapshot(snapshotFile, contentKeyOf(files) ?? '', loadContent(files));
    const kept = loadContent(files, fileContentSnapshot(snapshotFile));
    expect(kept).toEqual(loadContent(files));
    const patterns = findRegExps(kept.stepRules);
    expect(patterns.length).toBeGreaterThan(0);
    for (const p of patterns) expect(p).toBeInstanceOf(RegExp);
  });

  it('is not used once a file is edited: the edit is checked, and a broken one reported', () => {
    snapshotMarked();
    const flow = join(dir, 'dialogs', 'triage.yaml');
    writeFileSync(flow, `${readFileSync(flow, 'utf8')}\nnot: [closed\n`);
    expect(() => loadContent(contentFilesIn(dir), fileContentSnapshot(snapshotFile))).toThrow(ContentError);
  });

  it('is not used after a harmless edit either: the files are read afresh', () => {
    snapshotMarked();
    const phrases = join(dir, 'cards', 'phrases.yaml');
    writeFileSync(phrases, `# edited\n${readFileSync(phrases, 'utf8')}`);
    const content = loadContent(contentFilesIn(dir), fileContentSnapshot(snapshotFile));
    expect(content.entries[0]?.title).not.toBe('FROM THE SNAPSHOT');
  });

  it.each([
    ['damaged', () => writeFileSync(snapshotFile, 'not a snapshot')],
    ['missing', () => rmSync(snapshotFile, { force: true })],
    [
      'of another shape',
      () => writeContentSnapshot(snapshotFile, contentKeyOf(contentFilesIn(dir)) ?? '', [1]),
    ],
  ])('a %s snapshot is ignored and the files are read', (_name, spoil) => {
    snapshotMarked();
    spoil();
    const content = loadContent(contentFilesIn(dir), fileContentSnapshot(snapshotFile));
    expect(content.entries.length).toBeGreaterThan(10);
    expect(content.entries[0]?.title).not.toBe('FROM THE SNAPSHOT');
  });

  it('keys on the text of every file, in order', () => {
    expect(contentKey(['a', 'b'])).not.toBe(contentKey(['b', 'a']));
    expect(contentKey(['ab', ''])).not.toBe(contentKey(['a', 'b']));
    expect(contentKey(['a', 'b'])).toBe(contentKey(['a', 'b']));
    expect(contentKeyOf({ knowledge: join(dir, 'nowhere.yaml') })).toBeUndefined();
  });
});

/** Every RegExp inside a value. */
function findRegExps(value: unknown): RegExp[] {
  if (value instanceof RegExp) return [value];
  if (Array.isArray(value)) return value.flatMap(findRegExps);
  if (value && typeof value === 'object') return Object.values(value).flatMap(findRegExps);
  return [];
}
