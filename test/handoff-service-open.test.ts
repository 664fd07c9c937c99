// The handoff service opening cases: never two for one user, whether the asks race or come one after another.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HandoffService, UserRef } from '../src/app/handoff-contracts.ts';
import { createHandoffService } from '../src/app/handoff-service.ts';
import { createLogger } from '../src/app/logger.ts';
import { loadPhrases } from '../src/content/load-phrases.ts';
import { initialState } from '../src/core/conversation-state.ts';
import type { EngineEvent } from '../src/core/engine.ts';
import type { CaseStore, StoredCase } from '../src/store/handoff-store.ts';
import { createSqliteHandoffStores, type SqliteHandoffStores } from '../src/store/sqlite-handoff-store.ts';

const dirs: string[] = [];
const opened: SqliteHandoffStores[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const phrases = loadPhrases();
const ADA: UserRef = { channel: 'web', address: { conversationId: 'ada' }, userName: 'Ada' };
const ASKED: EngineEvent[] = [{ type: 'handoff', reason: 'asked' }];
const waiting = { ...initialState(1_000), phase: 'handoff' as const };

/** A handoff service over `stores` (its case store replaced by `cases` when given), as one server instance runs it. */
function serviceOver(stores: SqliteHandoffStores, cases: CaseStore = stores.cases): HandoffService {
  let n = 0;
  let clock = 1_000;
  return createHandoffService({
    ...stores,
    cases,
    phrases,
    log: createLogger('silent'),
    now: () => clock++,
    newId: () => `VPN-${crypto.randomUUID().slice(0, 8)}-${++n}`,
    runTurn: async () => [],
    summarize: (_state, reason) => ({ reason, codes: [], checks: [], suggested: [] }),
  });
}

/** A fresh SQLite file in its own temporary folder. */
function freshFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vpnbot-open-'));
  dirs.push(dir);
  return join(dir, 'vpnbot.sqlite');
}
/** The handoff stores over `file`, as one server instance opens them. */
function storesAt(file = freshFile()): SqliteHandoffStores {
  const stores = createSqliteHandoffStores(file);
  opened.push(stores);
  return stores;
}

/**
 * A case store that keeps every case it is given, as a store without the one-open-case rule would: what stops a
 * second case then is the service's own check.
 */
function trustingCases(): CaseStore {
  const all = new Map<string, StoredCase>();
  const open = (s: StoredCase) => s.case.status === 'queued' || s.case.status === 'claimed';
  return {
    create: async (c) => {
      if (all.has(c.id)) return false;
      all.set(c.id, { case: c, rev: 1 });
      return true;
    },
    get: async (id) => all.get(id),
    put: async (c, rev) => {
      if (all.get(c.id)?.rev !== rev) return false;
      all.set(c.id, { case: c, rev: rev + 1 });
      return true;
    },
    openFor: async (key) => [...all.values()].find((s) => s.case.conversationKey === key && open(s)),
    list: async () => [...all.values()],
  };
}

describe('one open case per user', () => {
  it('a user asking for a person again while their case waits gets no second case', async () => {
    const handoffs = serviceOver(storesAt(), trustingCases());
    await handoffs.afterTurn('web:ada', ADA, waiting, ASKED);
    await handoffs.afterTurn('web:ada', ADA, waiting, [{ type: 'handoff', reason: 'not_fixed' }]);
    const cases = await handoffs.list();
    expect(cases.map((c) => [c.conversationKey, c.status, c.summary.reason])).toEqual([
      ['web:ada', 'queued', 'asked'],
    ]);
  });

  it('two instances on one SQLite file opening a case for the same user at once: the agents see one case', async () => {
    const file = freshFile();
    const [a, b] = [serviceOver(storesAt(file)), serviceOver(storesAt(file))];
    await Promise.all([
      a.afterTurn('web:ada', ADA, waiting, ASKED),
      b.afterTurn('web:ada', ADA, waiting, ASKED),
      a.afterTurn('web:ada', ADA, waiting, ASKED),
    ]);
    const seen = await b.list();
    expect(seen.map((c) => [c.conversationKey, c.status])).toEqual([['web:ada', 'queued']]);
    expect((await a.list()).map((c) => c.id)).toEqual(seen.map((c) => c.id));
  });

  it('a user whose case was closed who asks again gets a new case', async () => {
    const handoffs = serviceOver(storesAt());
    await handoffs.afterTurn('web:ada', ADA, waiting, ASKED);
    const [firstCase] = await handoffs.list();
    if (!firstCase) throw new Error('no case was opened');
    const dana = { id: 'dana', name: 'Dana', via: 'console' };
    expect((await handoffs.finish(firstCase.id, dana, 'close', 'fixed')).ok).toBe(true);
    await handoffs.afterTurn('web:ada', ADA, waiting, ASKED);
    expect((await handoffs.list()).map((c) => c.status)).toEqual(['closed', 'queued']);
  });
});
