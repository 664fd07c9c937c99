// What IT sees about the bot's work: conversations, fixes, escalations and the codes that come up most.
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { summarizeInsights, turnCounts } from '../src/app/insights.ts';
import { type HandoffHarness, startHandoffHarness } from './helpers/handoff-server.ts';
import { tempDataDir } from './helpers/web-server.ts';

describe('what one turn counts', () => {
  it.each([
    [[], true, [{ metric: 'conversations', key: 'all', n: 1 }]],
    [
      [{ type: 'outcome', outcome: 'outcome:captive_portal' }],
      false,
      [{ metric: 'shown', key: 'captive_portal', n: 1 }],
    ],
    [[{ type: 'outcome', outcome: 'code:721' }], false, [{ metric: 'shown', key: 'code 721', n: 1 }]],
    [[{ type: 'resolved', outcome: 'code:721' }], false, [{ metric: 'resolved', key: 'code 721', n: 1 }]],
    [[{ type: 'handoff', reason: 'not_fixed' }], false, [{ metric: 'handoffs', key: 'not_fixed', n: 1 }]],
    [[{ type: 'relay', text: 'my password is x' }], false, []],
  ] as const)('%j (new: %s) → %j', (events, fresh, counts) => {
    expect(turnCounts(events, fresh)).toEqual(counts);
  });

  it('sums days into rates and rankings', () => {
    const rows = [
      { day: '2026-11-24', metric: 'conversations', key: 'all', count: 8 },
      { day: '2026-11-25', metric: 'conversations', key: 'all', count: 2 },
      { day: '2026-11-24', metric: 'resolved', key: 'code 721', count: 4 },
      { day: '2026-11-25', metric: 'handoffs', key: 'asked', count: 1 },
      { day: '2026-11-24', metric: 'shown', key: 'code 809', count: 2 },
      { day: '2026-11-25', metric: 'shown', key: 'code 721', count: 3 },
      { day: '2026-11-25', metric: 'shown', key: 'captive_portal', count: 1 },
    ];
    expect(summarizeInsights(rows, 2, '2026-11-24')).toMatchObject({
      conversations: 10,
      resolved: 4,
      handoffs: 1,
      resolutionRate: 0.4,
      escalationRate: 0.1,
      topCodes: [
        { key: '721', count: 3 },
        { key: '809', count: 2 },
      ],
      topAdvice: [{ key: 'captive_portal', count: 1 }],
    });
  });

  it('no conversations means rates of zero, not a division by zero', () => {
    expect(summarizeInsights([], 30, '2026-10-27')).toMatchObject({ resolutionRate: 0, escalationRate: 0 });
  });
});

describe('the console and the command line show them', () => {
  let h: HandoffHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('GET /agent/api/insights counts what users did', async () => {
    h = await startHandoffHarness();
    await h.userSays('insight-user-1', 'error 721');
    await h.userSays('insight-user-1', 'yes');
    await h.userSays('insight-user-2', 'error 809');
    await h.userSays('insight-user-2', 'talk to a person');
    h.composed.bot.lookupCode('721');
    const { status, json } = await h.agentApi('/insights?days=7');
    expect(status).toBe(200);
    expect(json).toMatchObject({ days: 7, conversations: 2, resolved: 1, handoffs: 1, resolutionRate: 0.5 });
    expect(json.topCodes).toEqual([
      { key: '721', count: 1 },
      { key: '809', count: 1 },
    ]);
    expect(json.topLookups).toEqual([{ key: '721', count: 1 }]);
    expect(JSON.stringify(json)).not.toContain('insight-user');
  });

  it('`vpnbot insights --json` reads the same counters from DATA_DIR', () => {
    const env = { ...process.env, DATA_DIR: tempDataDir(), LOG_LEVEL: 'silent' };
    const chat = spawnSync(process.execPath, ['bin/vpnbot.js', 'chat', '--persist'], {
      input: 'error 721\n1\n',
      env,
      encoding: 'utf8',
    });
    expect(chat.status).toBe(0);
    const run = spawnSync(process.execPath, ['bin/vpnbot.js', 'insights', '--json'], {
      env,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      conversations: 1,
      resolved: 1,
      topCodes: [{ key: '721', count: 1 }],
    });
    const bad = spawnSync(process.execPath, ['bin/vpnbot.js', 'insights', '--days', 'lots'], {
      env,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--days must be a whole number/);
  });
});
