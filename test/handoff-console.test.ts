// Escalation with the agent on the local console: the queue, a claim race, talking, closing, restarts, failures.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { QueueTarget } from '../src/app/handoff-contracts.ts';
import { StoreUnavailableError } from '../src/store/conversation-store.ts';
import { ODD_NAME, openTappedCase, scriptedUser } from './helpers/console-cases.ts';
import { type HandoffHarness, startHandoffHarness } from './helpers/handoff-server.ts';
import { stoppedAfterEach } from './helpers/stopped-after-each.ts';

const start = stoppedAfterEach(startHandoffHarness);

const USER = 'user-on-the-web-1';
const inboxText = async (h: HandoffHarness) =>
  JSON.stringify(await (await fetch(`${h.url}/web/api/inbox?conversationId=${USER}&after=0`)).json());
const queued = async (h: HandoffHarness) => {
  await h.userSays(USER, 'error 809');
  await h.userSays(USER, 'my password is Winter2026! and it still says 809');
  await h.userSays(USER, 'talk to a person');
  const { json } = await h.agentApi('/cases');
  return json.cases[0] as { id: string; status: string; lines: { from: string; text: string }[] };
};

describe('a user asks for a person and an agent on the console helps', () => {
  it('what the user writes while the case waits reaches the case, in order, for the agent to read', async () => {
    const h = await start();
    await queued(h);
    await h.userSays(USER, 'hello anyone there?');
    await h.userSays(USER, 'it is urgent, I have a meeting at 3');
    const { json } = await h.agentApi('/cases');
    const lines = (json.cases[0].lines as { from: string; text: string }[]).filter((l) => l.from === 'user');
    expect(lines.slice(-2).map((l) => l.text)).toEqual([
      'hello anyone there?',
      'it is urgent, I have a meeting at 3',
    ]);
  });

  it.each([
    ['Hunter2!', '[redacted]'],
    ['sorry it is Spring2025# now', 'sorry it is [redacted] now'],
    ['jsmith@corp.contoso.com / Hunter2!', 'jsmith@corp.contoso.com / [redacted]'],
  ])('a password typed to the agent mid-conversation (%j) reaches them as %j', async (typed, relayed) => {
    const h = await start();
    const { id } = await queued(h);
    await h.agentApi(`/cases/${id}/claim`, { agent: 'Dana' });
    await h.agentApi(`/cases/${id}/messages`, { agent: 'Dana', text: 'Which password did you type?' });
    await h.userSays(USER, typed);
    await h.composed.handoffs.dispatch();
    const everything = JSON.stringify((await h.agentApi('/cases')).json);
    expect(everything).not.toMatch(/Hunter2|Spring2025/);
    const lines = (await h.agentApi('/cases')).json.cases[0].lines as { from: string; text: string }[];
    expect(lines.filter((l) => l.from === 'user').at(-1)?.text).toBe(relayed);
  });

  it('the case is queued with what the bot learned, and no password anywhere an agent looks', async () => {
    const h = await start();
    const c = await queued(h);
    expect(c.status).toBe('queued');
    const everything = JSON.stringify((await h.agentApi('/cases')).json);
    expect(everything).toMatch(/809/);
    expect(everything).toMatch(/Claim/);
    expect(everything).not.toContain('Winter2026');
    expect(everything).toContain('[redacted]');
  });

  it('claim, talk both ways, close with a note, then one-tap feedback', async () => {
    const h = await start();
    const { id } = await queued(h);
    const claimed = await h.agentApi(`/cases/${id}/claim`, { agent: 'Dana' });
    expect(claimed.status).toBe(200);
    expect(claimed.json.case.status).toBe('claimed');
    expect(
      (await h.agentApi(`/cases/${id}/messages`, { agent: 'Dana', text: 'Try your hotspot?' })).status,
    ).toBe(200);
    await h.composed.handoffs.dispatch();
    const inbox = await (await fetch(`${h.url}/web/api/inbox?conversationId=${USER}&after=0`)).json();
    expect(JSON.stringify(inbox)).toMatch(/Dana from the help desk has joined.*Dana: Try your hotspot\?/);
    expect(await h.userSays(USER, 'ok, on the hotspot it connects')).toBe('{"replies":[],"duplicate":false}');
    const lines = (await h.agentApi('/cases')).json.cases[0].lines.map(
      (l: { from: string; text: string }) => `${l.from}: ${l.text}`,
    );
    expect(lines).toEqual(
      expect.arrayContaining(['agent: Try your hotspot?', 'user: ok, on the hotspot it connects']),
    );
    const closed = await h.agentApi(`/cases/${id}/close`, {
      agent: 'Dana',
      note: 'Hotel network blocks IPsec',
    });
    expect(closed.json.case.status).toBe('closed');
    await h.composed.handoffs.dispatch();
    const last = inbox.messages.at(-1).id;
    const after = await (await fetch(`${h.url}/web/api/inbox?conversationId=${USER}&after=${last}`)).json();
    expect(JSON.stringify(after)).toMatch(
      /Dana has closed your case: Hotel network blocks IPsec.*Is your VPN working now/,
    );
    expect(await h.userSays(USER, 'yes')).toMatch(/Glad you're connected again/);
  });

  it('two agents clicking Claim at once: exactly one wins, the other is told who has it', async () => {
    const h = await start();
    const { id } = await queued(h);
    const names = ['Ana', 'Ben', 'Cy', 'Dee', 'Ed', 'Flo'];
    const results = await Promise.all(names.map((agent) => h.agentApi(`/cases/${id}/claim`, { agent })));
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    const holder = winners[0]?.json.case.claimedBy;
    for (const r of results.filter((x) => x.status !== 200))
      expect(r.json.error).toBe(`${holder} already has this case.`);
  });

  it('only the agent who holds the case can write or close it', async () => {
    const h = await start();
    const { id } = await queued(h);
    await h.agentApi(`/cases/${id}/claim`, { agent: 'Dana' });
    const other = await h.agentApi(`/cases/${id}/close`, { agent: 'Eve', note: 'nope' });
    expect(other.status).toBe(409);
    expect(other.json.error).toBe('Only Dana, who has this case, can do that.');
  });

  it('the user can cancel while queued', async () => {
    const h = await start();
    await queued(h);
    expect(await h.userSays(USER, 'cancel')).toMatch(/withdrawn your request/);
    expect((await h.agentApi('/cases')).json.cases[0].status).toBe('cancelled');
  });

  it('asking twice never opens two cases', async () => {
    const h = await start();
    await queued(h);
    await h.userSays(USER, 'i need a human now');
    expect((await h.agentApi('/cases')).json.cases).toHaveLength(1);
  });

  it('three asks for a person racing to the handoff service open one case, which the agent sees', async () => {
    const h = await start();
    await h.userSays(USER, 'error 809');
    const key = `web:${USER}`;
    const stored = await h.composed.store.get(key);
    if (!stored) throw new Error('the conversation was not stored');
    const { state } = stored;
    const from = { channel: 'web', address: { conversationId: USER } };
    const ask = () => h.composed.handoffs.afterTurn(key, from, state, [{ type: 'handoff', reason: 'asked' }]);
    await Promise.all([ask(), ask(), ask()]);
    const { json } = await h.agentApi('/cases');
    expect(json.cases.map((c: { status: string }) => c.status)).toEqual(['queued']);
  });
});

describe('nothing is lost', () => {
  it('a restart while queued and again while claimed resumes the case', async () => {
    const first = await start();
    const { id } = await queued(first);
    await first.stop();
    const second = await start({}, { dataDir: first.dataDir, clock: first.clock });
    expect((await second.agentApi(`/cases/${id}/claim`, { agent: 'Dana' })).status).toBe(200);
    await second.stop();
    const third = await start({}, { dataDir: first.dataDir, clock: first.clock });
    expect(await third.userSays(USER, 'still here')).toBe('{"replies":[],"duplicate":false}');
    const c = (await third.agentApi('/cases')).json.cases[0];
    expect(c.status).toBe('claimed');
    expect(c.lines.at(-1)).toMatchObject({ from: 'user', text: 'still here' });
  });

  it('a queue post that fails is retried until it goes', async () => {
    const h = await start();
    const posted: string[] = [];
    let failures = 2;
    const flaky: QueueTarget = {
      name: 'flaky',
      post: async (c) => {
        if (failures-- > 0) throw new Error('queue is down');
        posted.push(c.id);
        return { ts: '1' };
      },
      update: async () => {},
      relay: async () => {},
    };
    h.composed.handoffs.addTarget(flaky);
    const { id } = await queued(h);
    await h.composed.handoffs.dispatch();
    expect(posted).toEqual([]);
    expect((await h.agentApi('/cases')).json.cases[0].posts).toEqual([
      { target: 'flaky', posted: false, lastError: 'queue is down' },
    ]);
    h.clock.now += 1_000;
    await h.composed.handoffs.dispatch();
    expect(posted).toEqual([]);
    h.clock.now += 5_000;
    await h.composed.handoffs.dispatch();
    expect(posted).toEqual([id]);
  });
});

describe('a notice to the user survives a failure', () => {
  it('a close whose user notice failed is still told to the user, by the next delivery pass', async () => {
    const h = await start();
    const { id } = await queued(h);
    await h.agentApi(`/cases/${id}/claim`, { agent: 'Dana' });
    await h.composed.handoffs.dispatch();
    const store = h.composed.store;
    const put = store.put;
    store.put = async () => {
      throw new StoreUnavailableError('disk hiccup');
    };
    const closed = await h.agentApi(`/cases/${id}/close`, { agent: 'Dana', note: 'Reset your token' });
    expect(closed.status).toBe(200);
    store.put = put;
    expect(await inboxText(h)).not.toMatch(/closed your case/);
    await h.composed.handoffs.dispatch();
    expect(await inboxText(h)).toMatch(
      /Dana has closed your case: Reset your token.*Is your VPN working now/,
    );
    expect((await h.composed.handoffs.get(id))?.pending).toEqual([]);
  });
});

describe('business hours', () => {
  it('outside hours the user is told when the desk opens, and the case waits in the queue', async () => {
    const h = await start(
      { HELPDESK_HOURS: 'Mon-Fri 09:00-17:00' },
      { clock: { now: Date.UTC(2026, 10, 28, 12) } },
    );
    expect(await h.userSays(USER, 'talk to a person')).toMatch(/closed right now. It opens Monday at 9:00/);
    expect((await h.agentApi('/cases')).json.cases[0].status).toBe('queued');
  });
});

describe('the console is guarded', () => {
  it('with AGENT_CONSOLE_TOKEN set, the API wants the token', async () => {
    const h = await start({ AGENT_CONSOLE_TOKEN: 's3cret-token' });
    expect((await h.agentApi('/cases')).status).toBe(401);
    expect((await h.agentApi('/cases', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await h.agentApi('/cases', undefined, { authorization: 'Bearer s3cret-token' })).status).toBe(
      200,
    );
  });

  it('a loopback caller naming another host (DNS rebinding from a browser) gets no loopback trust', async () => {
    const h = await start();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${h.url}/agent/api/cases`,
        { headers: { host: 'attacker.example:3978' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    expect((await h.agentApi('/cases')).status).toBe(200);
  });

  it.each([[{}], [{ agent: '' }], [{ agent: '<script>' }], [{ agent: 'x'.repeat(100) }]])(
    'a claim without a proper agent name (%j) is refused',
    async (body) => {
      const h = await start();
      const { id } = await queued(h);
      expect((await h.agentApi(`/cases/${id}/claim`, body)).status).toBe(400);
    },
  );
});

describe('what the console shows an agent', () => {
  type Line = { from: string; text: string; tapped?: boolean };
  const caseOf = async (h: HandoffHarness, id: string) =>
    ((await h.agentApi('/cases')).json.cases as { id: string; card: unknown; lines: Line[] }[]).find(
      (c) => c.id === id,
    );

  it('the case card comes as the text the agent should read: no markdown escapes, no zero-width characters', async () => {
    const h = await start();
    const id = await openTappedCase(h, 'console-eve-1');
    const shown = JSON.stringify((await caseOf(h, id))?.card);
    expect(shown).toContain(JSON.stringify(ODD_NAME).slice(1, -1));
    expect(shown).toContain('**bold**');
    expect(shown).toContain('[redacted]');
    expect(shown).not.toContain('Winter2026');
    expect(shown).not.toMatch(/\\\\[\\`*_[\]~#>&<-]/);
    expect(shown).not.toContain('\u200B');
    expect(shown).toMatch(/Claim/);
  });

  it("a tapped answer shows the words on the button, not the choice's id", async () => {
    const h = await start();
    const id = await openTappedCase(h, 'console-taps-1');
    const lines = (await caseOf(h, id))?.lines ?? [];
    expect(lines.filter((l) => l.from === 'user' && l.tapped).map((l) => l.text)).toEqual([
      'It loads',
      "I don't know",
      'No, fails there too',
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/\[tapped /);
  });

  it('the engine\'s own buttons ("No, still broken", "Talk to a person") read as labelled too', async () => {
    const h = await start();
    const user = scriptedUser(h, 'console-taps-2');
    await user.says('error 809');
    await user.taps('No, still broken');
    await user.taps('Talk to a person');
    const c = (await h.composed.handoffs.list()).find((x) => x.conversationKey === 'web:console-taps-2');
    const lines = (await caseOf(h, c?.id ?? ''))?.lines ?? [];
    const tapped = lines.filter((l) => l.tapped).map((l) => l.text);
    expect(tapped).toEqual(expect.arrayContaining(['No, still broken', 'Talk to a person']));
    expect(JSON.stringify(lines)).not.toMatch(/\[tapped /);
    const card = JSON.stringify((await caseOf(h, c?.id ?? ''))?.card);
    expect(card).toContain('Tapped “No, still broken”');
    expect(card).not.toMatch(/\[tapped /);
  });
});
