// The bot's read–transition–write loop under failure: a failed turn can be retried, a failed escalation heals.
import { describe, expect, it } from 'vitest';
import { composeBot } from '../src/app/compose.ts';
import { loadConfig } from '../src/config.ts';
import type { ConversationStore } from '../src/store/conversation-store.ts';
import { StoreUnavailableError } from '../src/store/conversation-store.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';

const config = loadConfig({ HELPDESK_HOURS: 'Mon-Sun 00:00-24:00', HELPDESK_TZ: 'UTC' });

/** A real SQLite store whose next `put` fails `times` times. */
function flakyStore(times: number): ConversationStore & { failures: number } {
  const real = createSqliteStore(':memory:');
  const store = {
    ...real,
    failures: times,
    put: async (...args: Parameters<ConversationStore['put']>) => {
      if (store.failures-- > 0) throw new StoreUnavailableError('disk hiccup');
      return real.put(...args);
    },
  };
  return store;
}

describe('a turn that failed is answered when the platform retries it', () => {
  it('the same message id is not taken for a duplicate after a failure', async () => {
    const { bot } = composeBot(config, { store: flakyStore(1) });
    await expect(bot.handle('teams:a', { kind: 'text', text: 'error 721' }, 'activity-1')).rejects.toThrow(
      StoreUnavailableError,
    );
    const retry = await bot.handle('teams:a', { kind: 'text', text: 'error 721' }, 'activity-1');
    expect(retry.duplicate).toBe(false);
    expect(JSON.stringify(retry.replies)).toMatch(/Error 721/);
    const again = await bot.handle('teams:a', { kind: 'text', text: 'error 721' }, 'activity-1');
    expect(again).toMatchObject({ duplicate: true, delivered: false, replies: retry.replies });
    await bot.delivered('teams:a', 'activity-1');
    const late = await bot.handle('teams:a', { kind: 'text', text: 'error 721' }, 'activity-1');
    expect(late).toMatchObject({ duplicate: true, delivered: true, replies: retry.replies });
  });
});

describe('an escalation whose case could not be written is opened on the next message', () => {
  it('the user is never left waiting for a case that does not exist', async () => {
    const composed = composeBot(config, { store: createSqliteStore(':memory:') });
    const realCreate = composed.handoffStores.cases.create;
    composed.handoffStores.cases.create = async () => {
      throw new StoreUnavailableError('cases table locked');
    };
    await expect(composed.bot.handle('web:u1', { kind: 'text', text: 'talk to a person' })).rejects.toThrow();
    expect(await composed.handoffs.list()).toEqual([]);
    composed.handoffStores.cases.create = realCreate;
    const next = await composed.bot.handle('web:u1', { kind: 'text', text: 'hello?' });
    expect(JSON.stringify(next.replies)).toMatch(/Added to your case/);
    const cases = await composed.handoffs.list();
    expect(cases.map((c) => c.status)).toEqual(['queued']);
    expect(cases[0]?.lines.map((l) => l.text)).toContain('hello?');
    await composed.close();
  });
});
