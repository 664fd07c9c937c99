// A Teams channel as the help desk's queue, end to end: the bot learns the channel, posts each case as a thread,
// agents claim, talk and close from Teams, and the web user hears every step.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffCase } from '../src/core/handoff-case.ts';
import { say } from '../src/core/phrases.ts';
import {
  type ConnectorCreated,
  type ConnectorPost,
  type ConnectorStub,
  startConnectorStub,
} from './helpers/connector-stub.ts';
import { type HandoffHarness, startHandoffHarness } from './helpers/handoff-server.ts';
import { postActivity } from './helpers/teams-activity.ts';
import { cardText, must, submitButtons, validCards } from './helpers/teams-cards.ts';
import {
  ANA,
  BEN,
  DESK_TEAM,
  type DeskPlace,
  deskMention,
  deskPress,
  ESCALATION_CHANNEL,
  installedInTeam,
  SAM,
} from './helpers/teams-desk.ts';

let stub: ConnectorStub;
const harnesses: HarnessLike[] = [];
type HarnessLike = HandoffHarness;

beforeAll(async () => {
  stub = await startConnectorStub();
  stub.setTeamChannels(DESK_TEAM, [DESK_TEAM, '19:random@thread.tacv2', ESCALATION_CHANNEL]);
});
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop().catch(() => {});
  stub.clear();
});
afterAll(async () => {
  await stub?.close();
});

const start = async (opts: Parameters<typeof startHandoffHarness>[1] = {}) => {
  const h = await startHandoffHarness({ ESCALATION_TEAMS_CHANNEL: ESCALATION_CHANNEL }, opts);
  harnesses.push(h);
  return h;
};

const ok = async (h: HandoffHarness, activity: Record<string, unknown>) => {
  const res = await postActivity(h.url, activity);
  expect(res.status).toBe(200);
};

/** Installs the app in the help desk's team (its General channel): how the bot learns where the queue is. */
const install = (h: HandoffHarness) => ok(h, installedInTeam({ serviceUrl: stub.url }));

/** A web user who asks for a person; returns their queued case. */
const webUserAsks = async (h: HandoffHarness, user: string): Promise<HandoffCase> => {
  await h.userSays(user, 'error 809');
  expect(await h.userSays(user, 'talk to a person')).toMatch(/help desk/);
  const c = (await h.composed.handoffs.list()).find((x) => x.conversationKey === `web:${user}`);
  return must(c, `the case of ${user}`);
};

/** Everything in the web user's inbox after message id `after`, as one string, and the last id. */
const inbox = async (h: HandoffHarness, user: string, after = 0) => {
  const res = await fetch(`${h.url}/web/api/inbox?conversationId=${user}&after=${after}`);
  const json = (await res.json()) as { messages: { id: number }[] };
  return { text: JSON.stringify(json), last: json.messages.at(-1)?.id ?? after };
};

const asPost = (c: ConnectorCreated): ConnectorPost => ({
  conversationId: c.conversationId,
  activity: c.activity,
});

/** The thread the case was posted as, checked: one new thread in the escalation channel, its card valid. */
const threadOf = (caseId: string) => {
  const created = stub.created.filter((c) => cardText(must(validCards([asPost(c)])[0])).includes(caseId));
  expect(created).toHaveLength(1);
  const thread = must(created[0]);
  expect(thread.channelId).toBe(ESCALATION_CHANNEL);
  expect(thread.parameters).toMatchObject({
    isGroup: true,
    channelData: { channel: { id: ESCALATION_CHANNEL } },
  });
  return thread;
};

const place = (thread: ConnectorCreated, from = SAM): DeskPlace => ({
  serviceUrl: stub.url,
  conversationId: thread.conversationId,
  from,
});

const button = (card: Record<string, unknown>, title: string) =>
  must(
    submitButtons(card).find((b) => b.title === title),
    `a "${title}" button`,
  );

/** What the bot replied in a thread (refusals, the close form), cards validated. */
const repliesIn = (thread: ConnectorCreated) => {
  const replies = stub.messages().filter((m) => m.conversationId === thread.conversationId);
  validCards(replies);
  return replies;
};

/** The latest card the stub holds for a thread: its last update, else the card it was posted with. */
const currentCard = (thread: ConnectorCreated) => {
  const update = stub.updates.filter((u) => u.activityId === thread.activityId).at(-1);
  expect(update?.conversationId ?? thread.conversationId).toBe(thread.conversationId);
  const post = update ? { conversationId: update.conversationId, activity: update.activity } : asPost(thread);
  return must(validCards([post])[0], 'a case card');
};

describe('a Teams channel as the help desk queue', () => {
  it('learns the channel, posts the case as a thread, and agents claim, talk and close from Teams', async () => {
    const h = await start();
    const phrases = h.composed.bot.content.phrases;
    await install(h);
    const user = 'web-user-teams-queue';
    const c = await webUserAsks(h, user);
    await h.composed.handoffs.dispatch();

    const thread = threadOf(c.id);
    expect(thread.conversationId).toBe(`${ESCALATION_CHANNEL};messageid=${thread.activityId}`);
    const posted = must(await h.composed.handoffs.get(c.id));
    expect(posted.posts).toEqual([
      expect.objectContaining({
        target: 'teams',
        ref: expect.objectContaining({
          conversationId: thread.conversationId,
          activityId: thread.activityId,
        }),
      }),
    ]);
    const card = currentCard(thread);
    expect(cardText(card)).toMatch(/809/);
    expect(cardText(card)).toContain('mention me');

    await ok(
      h,
      deskPress({ ...place(thread), value: button(card, 'Claim').data, replyToId: thread.activityId }),
    );
    expect(repliesIn(thread)).toEqual([]);
    await h.composed.handoffs.dispatch();
    const claimed = currentCard(thread);
    expect(cardText(claimed)).toContain('Sam Rivera is on it');
    expect(submitButtons(claimed).map((b) => b.title)).toEqual(['Close case', 'Hand back to bot']);
    expect((await h.composed.handoffs.get(c.id))?.claimedBy).toEqual({
      id: 'aad-sam',
      name: 'Sam Rivera',
      via: 'teams',
    });
    let box = await inbox(h, user);
    expect(box.text).toContain('Sam Rivera from the help desk has joined');

    await ok(
      h,
      deskMention({ ...place(thread), text: 'Hi, this is Sam. Could you try the hotspot of your phone?' }),
    );
    await h.composed.handoffs.dispatch();
    box = await inbox(h, user, box.last);
    expect(box.text).toContain('Sam Rivera: Hi, this is Sam. Could you try the hotspot of your phone?');
    expect(box.text).not.toContain('VPN Bot');
    expect(repliesIn(thread)).toEqual([]);

    await h.userSays(user, 'on the hotspot it connects <at>everyone</at> **now**');
    await h.composed.handoffs.dispatch();
    const relayed = repliesIn(thread);
    expect(relayed).toHaveLength(1);
    const text = String(must(relayed[0]).activity.text);
    expect(text).toContain(`**${say(phrases, 'case.userSaid')}:** on the hotspot it connects`);
    expect(text).toContain('\\*\\*now\\*\\*');
    expect(text).not.toContain('<at>');
    expect(must(relayed[0]).activity.textFormat).toBe('markdown');

    stub.clear();
    await ok(h, deskPress({ ...place(thread), value: button(claimed, 'Close case').data }));
    const [form] = validCards(repliesIn(thread));
    expect(JSON.stringify(form)).toContain('Input.Text');
    const submit = button(must(form), 'Close case');
    const note = 'Hotel Wi-Fi blocks SSTP; use the hotspot when travelling';
    await ok(
      h,
      deskPress({ ...place(thread), value: { ...(submit.data as Record<string, unknown>), note } }),
    );
    await h.composed.handoffs.dispatch();
    box = await inbox(h, user, box.last);
    expect(box.text).toMatch(
      /Sam Rivera has closed your case: Hotel Wi-Fi blocks SSTP; use the hotspot when travelling.*Is your VPN working now\?/,
    );
    const closed = currentCard(thread);
    expect(cardText(closed)).toContain('Closed by Sam Rivera');
    expect(submitButtons(closed)).toEqual([]);
    expect((await h.composed.handoffs.get(c.id))?.status).toBe('closed');

    // Nothing from the channel ever reached the triage engine.
    expect(await h.composed.store.get(`teams:${thread.conversationId}`)).toBeUndefined();
  });

  it('two agents pressing Claim at once: exactly one wins, the other is told who has it', async () => {
    const h = await start();
    await install(h);
    const c = await webUserAsks(h, 'web-user-race');
    await h.composed.handoffs.dispatch();
    const thread = threadOf(c.id);
    const claim = button(currentCard(thread), 'Claim').data;
    const results = await Promise.all(
      [ANA, BEN].map((agent) => postActivity(h.url, deskPress({ ...place(thread, agent), value: claim }))),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const holder = must((await h.composed.handoffs.get(c.id))?.claimedBy);
    expect([ANA.name, BEN.name]).toContain(holder.name);
    const told = repliesIn(thread);
    expect(told).toHaveLength(1);
    expect(must(told[0]).activity.text).toBe(`${holder.name} already has this case.`);
    expect(must(told[0]).replyToId).toBeDefined();

    // The loser can neither write to the user nor close.
    const loser = holder.name === ANA.name ? BEN : ANA;
    stub.clear();
    await ok(h, deskMention({ ...place(thread, loser), text: 'I can take this' }));
    await ok(h, deskPress({ ...place(thread, loser), value: button(currentCard(thread), 'Claim').data }));
    const refusals = repliesIn(thread).map((m) => m.activity.text);
    expect(refusals).toEqual([
      `Only ${holder.name}, who has this case, can do that.`,
      `${holder.name} already has this case.`,
    ]);
    expect((await h.composed.handoffs.get(c.id))?.lines.map((l) => l.text)).not.toContain('I can take this');
  });

  it('presses with an unknown case id, or from elsewhere, get a polite answer and change nothing', async () => {
    const h = await start();
    const phrases = h.composed.bot.content.phrases;
    await install(h);
    const c = await webUserAsks(h, 'web-user-forged');
    await h.composed.handoffs.dispatch();
    const thread = threadOf(c.id);
    const claim = { vpnbot: { type: 'command', command: 'case.claim', arg: c.id } };
    const unknown = "I can't find that case here";
    const elsewhere = `${ESCALATION_CHANNEL};messageid=1`;
    stub.clear();
    await ok(
      h,
      deskPress({
        ...place(thread),
        value: { vpnbot: { type: 'command', command: 'case.claim', arg: 'VPN-NOPE00' } },
      }),
    );
    await ok(h, deskPress({ ...place(thread), conversationId: elsewhere, value: claim }));
    await ok(h, deskPress({ ...place(thread), tenantId: 'another-tenant', value: claim }));
    await ok(
      h,
      deskPress({ ...place(thread), value: { vpnbot: { type: 'command', command: 'case.claim' } } }),
    );
    const answers = stub.messages().map((m) => String(m.activity.text));
    expect(answers).toHaveLength(4);
    const shipped = phrases['teams.case.unknown'];
    expect(shipped, 'teams.case.unknown is in cards/phrases.yaml').toContain(unknown);
    expect(answers).toEqual(answers.map(() => shipped));
    expect((await h.composed.handoffs.get(c.id))?.status).toBe('queued');
  });

  it('before the bot knows the channel the post fails clearly, and goes exactly once after it learns it', async () => {
    const h = await start();
    const c = await webUserAsks(h, 'web-user-early');
    await h.composed.handoffs.dispatch();
    expect(stub.created).toEqual([]);
    const post = must((await h.composed.handoffs.get(c.id))?.posts[0]);
    expect(post).toMatchObject({ target: 'teams', attempts: 1 });
    expect(post.postedAt).toBeUndefined();
    expect(post.lastError).toMatch(/add the bot to the team of ESCALATION_TEAMS_CHANNEL/);
    expect(post.lastError).toContain(ESCALATION_CHANNEL);

    // A tech mentions the bot in the escalation channel itself: that is enough to know where it is.
    await ok(
      h,
      deskMention({
        serviceUrl: stub.url,
        conversationId: `${ESCALATION_CHANNEL};messageid=1699999999999`,
        teamId: '19:a-team-the-stub-cannot-list@thread.tacv2',
        from: ANA,
        text: 'vpncode 809',
      }),
    );
    expect(cardText(must(validCards(stub.messages())[0]))).toContain('809');
    await h.composed.handoffs.dispatch();
    expect(stub.created).toEqual([]);
    h.clock.now += 5_000;
    await h.composed.handoffs.dispatch();
    await h.composed.handoffs.dispatch();
    threadOf(c.id);
    expect(stub.created).toHaveLength(1);
    const posted = must((await h.composed.handoffs.get(c.id))?.posts[0]);
    expect(posted).toMatchObject({ attempts: 0, postedAt: h.clock.now });
    expect(posted.lastError).toBeUndefined();
  });

  it('a restart between claim and close loses nothing: the thread, the claim and where the channel is', async () => {
    const first = await start();
    await install(first);
    const user = 'web-user-restart';
    const c = await webUserAsks(first, user);
    await first.composed.handoffs.dispatch();
    const thread = threadOf(c.id);
    await ok(first, deskPress({ ...place(thread), value: button(currentCard(thread), 'Claim').data }));
    await first.composed.handoffs.dispatch();
    await first.stop();
    harnesses.splice(harnesses.indexOf(first), 1);

    const second = await start({ dataDir: first.dataDir, clock: first.clock });
    const { last } = await inbox(second, user);
    await ok(second, deskMention({ ...place(thread), text: 'Back after a restart, still with you.' }));
    await ok(second, deskPress({ ...place(thread), value: button(currentCard(thread), 'Close case').data }));
    const form = must(validCards(repliesIn(thread)).at(-1));
    const submit = button(form, 'Close case').data as Record<string, unknown>;
    await ok(second, deskPress({ ...place(thread), value: { ...submit, note: 'Fixed after the restart' } }));
    await second.composed.handoffs.dispatch();
    const box = await inbox(second, user, last);
    expect(box.text).toMatch(
      /Sam Rivera: Back after a restart, still with you\..*Sam Rivera has closed your case: Fixed after the restart.*Is your VPN working now\?/,
    );
    expect(cardText(currentCard(thread))).toContain('Closed by Sam Rivera');

    // The channel's location survived too: a new case goes straight to Teams, without a new install.
    const next = await webUserAsks(second, 'web-user-after-restart');
    await second.composed.handoffs.dispatch();
    threadOf(next.id);
  });
});
