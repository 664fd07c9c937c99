// The SQLite case store on its own: one open case per conversation, held by the database even for two instances on one file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Agent, claim, finish, type HandoffCase, newCase } from '../src/core/handoff-case.ts';
import { createSqliteHandoffStores, type SqliteHandoffStores } from '../src/store/sqlite-handoff-store.ts';

const dirs: string[] = [];
const opened: SqliteHandoffStores[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh database file in its own temporary folder. */
const freshFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpnbot-cases-'));
  dirs.push(dir);
  return join(dir, 'vpnbot.sqlite');
};
/** The handoff stores over `file`, as one server instance opens them. */
const instance = (file: string) => {
  const stores = createSqliteHandoffStores(file);
  opened.push(stores);
  return stores;
};

const DANA: Agent = { id: 'dana', name: 'Dana', via: 'console' };
/** A queued case `id` for the user of `conversationKey`. */
const caseOf = (id: string, conversationKey: string, now = 1_000): HandoffCase =>
  newCase({
    id,
    conversationKey,
    channel: 'web',
    address: { conversationId: conversationKey },
    summary: { reason: 'asked', codes: [], checks: [], suggested: [] },
    lines: [],
    targets: [],
    now,
  });
/** `c` changed by `change`, written back at the revision it was read. */
const write = async (s: SqliteHandoffStores, id: string, change: (c: HandoffCase) => HandoffCase) => {
  const stored = await s.cases.get(id);
  if (!stored) throw new Error(`no case ${id}`);
  return s.cases.put(change(stored.case), stored.rev);
};
const changed = (result: ReturnType<typeof claim>) => {
  if (!result.ok) throw new Error(`refused: ${result.why}`);
  return result.case;
};

describe('one open case per conversation', () => {
  it('a second case for the same user is refused while the first waits, and while an agent has it', async () => {
    const s = instance(freshFile());
    expect(await s.cases.create(caseOf('VPN-A', 'web:ada'))).toBe(true);
    expect(await s.cases.create(caseOf('VPN-B', 'web:ada', 2_000))).toBe(false);
    await write(s, 'VPN-A', (c) => changed(claim(c, DANA, 3_000)));
    expect(await s.cases.create(caseOf('VPN-C', 'web:ada', 4_000))).toBe(false);
    expect((await s.cases.openFor('web:ada'))?.case.id).toBe('VPN-A');
    expect((await s.cases.list(0)).map((x) => x.case.id)).toEqual(['VPN-A']);
  });

  it('another user gets a case of their own, and a user whose case was closed can ask again', async () => {
    const s = instance(freshFile());
    expect(await s.cases.create(caseOf('VPN-A', 'web:ada'))).toBe(true);
    expect(await s.cases.create(caseOf('VPN-B', 'web:bob'))).toBe(true);
    await write(s, 'VPN-A', (c) => changed(finish(c, DANA, 2_000, 'fixed')));
    expect(await s.cases.create(caseOf('VPN-C', 'web:ada', 3_000))).toBe(true);
    expect((await s.cases.openFor('web:ada'))?.case.id).toBe('VPN-C');
  });

  it('a case id already taken is refused, and the stored case is unchanged', async () => {
    const s = instance(freshFile());
    expect(await s.cases.create(caseOf('VPN-A', 'web:ada'))).toBe(true);
    expect(await s.cases.create(caseOf('VPN-A', 'web:bob'))).toBe(false);
    expect((await s.cases.get('VPN-A'))?.case.conversationKey).toBe('web:ada');
    expect(await s.cases.openFor('web:bob')).toBeUndefined();
  });
});

describe('two instances on one file', () => {
  it('opening a case for the same user at once from both: exactly one is stored, and both see it', async () => {
    const file = freshFile();
    const [a, b] = [instance(file), instance(file)];
    const created = await Promise.all([
      a.cases.create(caseOf('VPN-A', 'web:ada')),
      b.cases.create(caseOf('VPN-B', 'web:ada')),
    ]);
    expect(created.filter(Boolean)).toHaveLength(1);
    const winner = created[0] ? 'VPN-A' : 'VPN-B';
    expect((await a.cases.openFor('web:ada'))?.case.id).toBe(winner);
    expect((await b.cases.openFor('web:ada'))?.case.id).toBe(winner);
    expect((await b.cases.list(0)).map((x) => x.case.id)).toEqual([winner]);
  });

  it('a claim from one instance on a case read by the other is refused, so two agents never both win', async () => {
    const file = freshFile();
    const [a, b] = [instance(file), instance(file)];
    await a.cases.create(caseOf('VPN-A', 'web:ada'));
    const readByA = await a.cases.get('VPN-A');
    const readByB = await b.cases.get('VPN-A');
    if (!readByA || !readByB) throw new Error('case not found');
    const lee: Agent = { id: 'lee', name: 'Lee', via: 'console' };
    expect(await a.cases.put(changed(claim(readByA.case, DANA, 2_000)), readByA.rev)).toBe(true);
    expect(await b.cases.put(changed(claim(readByB.case, lee, 2_000)), readByB.rev)).toBe(false);
    expect((await b.cases.get('VPN-A'))?.case.claimedBy?.name).toBe('Dana');
  });
});
