// Slack as the help desk's queue, end to end through signed requests on the real server against a stub Slack:
// case posts in the escalation channel, Claim / Close / Hand back, agents talking in the thread, retries and races.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPhrases } from '../src/content/load-phrases.ts';
import type { HandoffCase } from '../src/core/handoff-case.ts';
import { say } from '../src/core/phrases.ts';
import {
  buttonLabelled,
  buttonsOf,
  dmEvent,
  mrkdwnStrings,
  pressPayload,
  type SlackCall,
  type SlackHarness,
  startSlackHarness,
  TEAM,
  threadEvent,
  viewSubmissionPayload,
  visibleText,
} from './helpers/slack-harness.ts';

/** The shipped wording of a phrase, as the tests expect it. */
const shipped = (key: string): string => say(loadPhrases(), key);

const DESK = 'C0DESK';
const DANA = { id: 'U0DANA', name: 'dana' };
type Json = Record<string, unknown>;

let h: SlackHarness;
const phrase = (key: string, vars: Record<string, string> = {}) => say(h.bot.content.phrases, key, vars);

beforeAll(async () => {
  h = await startSlackHarness(
    { ESCALATION_SLACK_CHANNEL: DESK, HELPDESK_TZ: 'UTC' },
    { clock: { now: Date.UTC(2026, 10, 25, 10) } },
  );
});
afterAll(async () => {
  await h.close();
});
afterEach(() => {
  expect(h.blockKitProblems()).toEqual([]);
});

const webSays = async (conversationId: string, text: string) => {
  const res = await fetch(`${h.server.url}/web/api/turn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ conversationId, text }),
  });
  expect(res.status).toBe(200);
  return JSON.stringify(await res.json());
};
const inbox = async (conversationId: string) =>
  JSON.stringify(
    await (await fetch(`${h.server.url}/web/api/inbox?conversationId=${conversationId}&after=0`)).json(),
  );

/** The open case of a conversation. */
const caseOf = async (key: string): Promise<HandoffCase> => {
  const c = (await h.handoffs.list()).find((x) => x.conversationKey === key);
  if (!c) throw new Error(`no case for ${key}`);
  return c;
};
const postTs = (c: HandoffCase) => String((c.posts.find((p) => p.target === 'slack')?.ref as Json)?.ts);

/** The calls about a case in the escalation channel, by kind. */
const caseCalls = (c: HandoffCase) => {
  const ofCase = (x: SlackCall) => (x.args.metadata as Json | undefined)?.event_payload;
  const mine = h.stub.calls.filter(
    (x) => x.args.channel === DESK && (ofCase(x) as Json | undefined)?.case_id === c.id,
  );
  return {
    posts: mine.filter((x) => x.name === 'chat.postMessage' && !x.args.thread_ts),
    okPosts: mine.filter((x) => x.name === 'chat.postMessage' && !x.args.thread_ts && !x.failed),
    updates: mine.filter((x) => x.name === 'chat.update'),
    replies: mine.filter((x) => x.name === 'chat.postMessage' && x.args.thread_ts === postTs(c)),
  };
};
/** The case post as it shows now (the last update, else the post). */
const shown = (c: HandoffCase): Json => {
  const calls = caseCalls(c);
  return (calls.updates.at(-1) ?? calls.okPosts.at(-1) ?? calls.posts.at(-1))?.args ?? {};
};

/** Presses the button labelled `label` on the case post, as `agent`. */
const press = async (c: HandoffCase, label: string, agent = DANA) => {
  const message = shown(c);
  const button = buttonLabelled(message, label);
  const payload = pressPayload(button, {
    user: agent.id,
    userName: agent.name,
    channel: DESK,
    message: { ts: postTs(c), text: message.text, blocks: message.blocks },
  });
  const res = await h.action(payload);
  expect(res.status).toBe(200);
  return payload;
};
const ephemeralsTo = (user: string) =>
  h.stub.api('chat.postEphemeral').filter((x) => x.args.user === user && x.args.channel === DESK);

/** Puts a web chat user in the queue the way the console tests do, and posts the case. */
const queueWebUser = async (id: string) => {
  await webSays(id, 'error 809');
  await webSays(id, 'my password is Winter2026!');
  await webSays(id, 'talk to a person');
  await h.handoffs.dispatch();
  return caseOf(`web:${id}`);
};

describe('a web chat user and an agent in Slack', () => {
  it('posts the case, claims, talks both ways in the thread, closes with a note, then asks for feedback', async () => {
    const user = 'web-user-slack-1';
    const c = await queueWebUser(user);

    // The queue post: the case card in the escalation channel with the 809 summary and a Claim button.
    const { okPosts } = caseCalls(c);
    expect(okPosts).toHaveLength(1);
    const post = okPosts[0]?.args ?? {};
    expect(visibleText(post)).toMatch(/809/);
    expect(String(post.text)).toContain(c.id);
    const claim = buttonLabelled(post, phrase('case.claim'));
    expect(String(claim.action_id)).toMatch(/^vpncase:/);

    // Claim: the post is updated to show dana, the user is told, and the press never reached the engine.
    await press(c, phrase('case.claim'));
    await h.handoffs.dispatch();
    const claimed = shown(c);
    expect(caseCalls(c).updates.at(-1)?.args).toMatchObject({ channel: DESK, ts: postTs(c) });
    expect(visibleText(claimed)).toContain(
      phrase('case.status.claimed', { agent: 'dana', waited: 'under a minute' }),
    );
    expect(buttonsOf(claimed).map((b) => (b.text as Json).text)).toEqual([
      phrase('case.close'),
      phrase('case.back'),
    ]);
    expect(await inbox(user)).toContain('dana from the help desk has joined');
    expect(await h.store.get(`slack:${TEAM}:${DANA.id}`)).toBeUndefined();

    // The agent writes in the thread; the user reads it in their inbox.
    const said = await h.event(
      threadEvent('Can you try your <https://hotspot.test|phone hotspot>?', DANA.id, DESK, postTs(c)),
    );
    expect(said.status).toBe(200);
    await h.handoffs.dispatch();
    expect(await inbox(user)).toContain('dana: Can you try your phone hotspot?');

    // The user answers on the web chat; it reaches the thread as "User: …", escaped, and the agent's own line is not echoed.
    expect(await webSays(user, 'on the hotspot it works <!channel> <@boss>')).toBe(
      '{"replies":[],"duplicate":false}',
    );
    await h.handoffs.dispatch();
    const replies = caseCalls(c).replies;
    expect(replies).toHaveLength(1);
    const reply = replies[0]?.args ?? {};
    expect(visibleText(reply)).toContain('*User:* on the hotspot it works &lt;!channel&gt; &lt;@boss&gt;');
    for (const s of mrkdwnStrings(reply)) expect(s).not.toMatch(/<[!@#]/);
    expect(JSON.stringify(replies)).not.toContain('phone hotspot');

    // Close: a modal asks for a note; submitting it closes the case and the user gets the note and the feedback question.
    const pressed = await press(c, phrase('case.close'));
    const opened = h.stub.api('views.open').at(-1)?.args ?? {};
    expect(opened.trigger_id).toBe(pressed.trigger_id);
    const view = opened.view as Json;
    expect(view).toMatchObject({ type: 'modal', callback_id: 'vpncase:close' });
    const submitted = await h.action(
      viewSubmissionPayload(view, { note: { note: 'The hotel network blocks IPsec' } }, DANA),
    );
    expect(submitted.status).toBe(200);
    expect(submitted.text).toBe('');
    await h.handoffs.dispatch();
    expect(await inbox(user)).toMatch(
      /dana has closed your case: The hotel network blocks IPsec.*Is your VPN working now\?/,
    );
    expect((await h.handoffs.get(c.id))?.status).toBe('closed');
    const closed = shown(c);
    expect(visibleText(closed)).toContain(phrase('case.status.closed', { agent: 'dana' }));
    expect(buttonsOf(closed)).toEqual([]);

    // Nothing the user typed as a secret went to Slack.
    expect(JSON.stringify(h.stub.calls)).not.toContain('Winter2026');
  });

  it('what the user writes while the case waits reaches its thread before anyone claims it', async () => {
    const user = 'web-user-slack-queued';
    const c = await queueWebUser(user);
    expect(await webSays(user, 'hello anyone there?')).toMatch(/Added to your case/);
    await h.handoffs.dispatch();
    const replies = caseCalls(c).replies;
    expect(replies.map((r) => visibleText(r.args))).toEqual([
      expect.stringContaining('*User:* hello anyone there?'),
    ]);
    expect((await caseOf(`web:${user}`)).status).toBe('queued');
  });

  it('hands the case back to the bot from Slack', async () => {
    const user = 'web-user-slack-back';
    const c = await queueWebUser(user);
    await press(c, phrase('case.claim'));
    await h.handoffs.dispatch();
    await press(c, phrase('case.back'));
    await h.handoffs.dispatch();
    expect((await h.handoffs.get(c.id))?.status).toBe('closed');
    expect(await inbox(user)).toContain('dana handed you back to me');
    expect(buttonsOf(shown(c))).toEqual([]);
  });
});

describe('a Slack DM user and an agent in Slack', () => {
  it('runs the same loop with the user in their DM', async () => {
    const [user, dm] = ['U0DMUSER', 'D0DMUSER'];
    await h.event(dmEvent('error 809', user, dm));
    await h.event(dmEvent('talk to a person', user, dm));
    await h.handoffs.dispatch();
    const c = await caseOf(`slack:${TEAM}:${user}`);
    expect(caseCalls(c).okPosts).toHaveLength(1);
    const toUser = () =>
      h.stub
        .api('chat.postMessage')
        .filter((x) => x.args.channel === dm)
        .map((x) => visibleText(x.args))
        .join('\n');

    await press(c, phrase('case.claim'));
    await h.handoffs.dispatch();
    expect(toUser()).toContain('dana from the help desk has joined');

    await h.event(threadEvent('Restart the VPN client please', DANA.id, DESK, postTs(c)));
    await h.handoffs.dispatch();
    expect(toUser()).toContain('dana: Restart the VPN client please');

    await h.event(dmEvent('done, it connects now', user, dm));
    await h.handoffs.dispatch();
    expect(visibleText(caseCalls(c).replies.at(-1)?.args)).toContain('*User:* done, it connects now');

    await press(c, phrase('case.close'));
    const view = h.stub.api('views.open').at(-1)?.args.view as Json;
    expect((await h.action(viewSubmissionPayload(view, {}, DANA))).status).toBe(200);
    await h.handoffs.dispatch();
    expect(toUser()).toContain('dana has closed your case.');
    expect(toUser()).toContain(phrase('handoff.feedback'));
  });
});

describe('agents racing and getting in each other’s way', () => {
  it('two Claim presses at once: exactly one wins, the other is told who has it', async () => {
    const c = await queueWebUser('web-user-race');
    const ana = { id: 'U0ANA', name: 'ana' };
    const ben = { id: 'U0BEN', name: 'ben' };
    await Promise.all([press(c, phrase('case.claim'), ana), press(c, phrase('case.claim'), ben)]);
    const holder = (await h.handoffs.get(c.id))?.claimedBy;
    expect([ana.id, ben.id]).toContain(holder?.id);
    const loser = holder?.id === ana.id ? ben : ana;
    const winner = holder?.id === ana.id ? ana : ben;
    expect(ephemeralsTo(winner.id)).toEqual([]);
    const notes = ephemeralsTo(loser.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.args.text).toBe(`${winner.name} already has this case.`);
    await h.handoffs.dispatch();
  });

  it('only the holder can close, hand back or write; the others are told, ephemerally', async () => {
    const c = await queueWebUser('web-user-holder');
    await press(c, phrase('case.claim'));
    await h.handoffs.dispatch();
    const eve = { id: 'U0EVE', name: 'eve' };
    const opened = h.stub.api('views.open').length;
    await press(c, phrase('case.close'), eve);
    await press(c, phrase('case.back'), eve);
    expect(h.stub.api('views.open')).toHaveLength(opened);
    await h.event(threadEvent('I can take this', eve.id, DESK, postTs(c)));
    const notes = ephemeralsTo(eve.id);
    expect(notes.map((n) => n.args.text)).toEqual([
      'Only dana, who has this case, can do that.',
      'Only dana, who has this case, can do that.',
      'Only dana, who has this case, can do that.',
    ]);
    expect(notes[2]?.args.thread_ts).toBe(postTs(c));
    expect((await h.handoffs.get(c.id))?.lines.map((l) => l.text)).not.toContain('I can take this');

    // A close modal submitted by someone else is refused in the modal.
    await press(c, phrase('case.close'));
    const view = h.stub.api('views.open').at(-1)?.args.view as Json;
    const refused = await h.action(viewSubmissionPayload(view, { note: { note: 'x' } }, eve));
    expect(refused.json).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(refused.json)).toContain('Only dana');
    expect((await h.handoffs.get(c.id))?.status).toBe('claimed');
  });

  it('an agent writing first in the thread of a queued case claims it', async () => {
    const user = 'web-user-writefirst';
    const c = await queueWebUser(user);
    await h.event(threadEvent('Hi, I am here', DANA.id, DESK, postTs(c)));
    await h.handoffs.dispatch();
    expect((await h.handoffs.get(c.id))?.claimedBy).toMatchObject({ id: DANA.id, via: 'slack' });
    expect(await inbox(user)).toContain('Hi, I am here');
  });
});

describe('what the case listeners ignore or refuse', () => {
  const caseButton = (value: string) => ({
    action_id: 'vpncase:command:1',
    text: { type: 'plain_text', text: 'Claim' },
    value,
  });

  it('answers a forged or unknown case button politely, and never runs a triage turn for it', async () => {
    const c = await queueWebUser('web-user-forged');
    const values = [
      JSON.stringify({ type: 'command', command: 'case.claim', arg: 'VPN-NOSUCH' }),
      '{"type":"command"',
      'x'.repeat(3000),
      // A real case id pressed on some other message.
      JSON.stringify({ type: 'command', command: 'case.claim', arg: c.id }),
    ];
    for (const value of values) {
      const payload = pressPayload(caseButton(value), {
        user: 'U0MALLORY',
        userName: 'mallory',
        channel: DESK,
        message: { ts: '1700000009.000900' },
      });
      expect((await h.action(payload)).status).toBe(200);
    }
    const notes = ephemeralsTo('U0MALLORY');
    expect(notes).toHaveLength(values.length);
    for (const n of notes) expect(n.args.text).toBe(shipped('slack.case.unknown'));
    expect((await h.handoffs.get(c.id))?.status).toBe('queued');
    expect(await h.store.get(`slack:${TEAM}:U0MALLORY`)).toBeUndefined();
    expect(h.stub.api('conversations.open').filter((x) => x.args.users === 'U0MALLORY')).toEqual([]);
  });

  it('ignores channel messages outside case threads, bot messages and edits in case threads', async () => {
    const c = await queueWebUser('web-user-ignore');
    const before = h.stub.calls.length;
    const lines = (await h.handoffs.get(c.id))?.lines.length;
    await h.event({
      type: 'message',
      channel_type: 'channel',
      channel: DESK,
      user: DANA.id,
      text: 'lunch?',
      ts: '1.1',
    });
    await h.event(threadEvent('not a case', DANA.id, DESK, '1700000000.999999'));
    await h.event(threadEvent('from a bot', 'U0OTHERBOT', DESK, postTs(c), { bot_id: 'B0OTHER' }));
    await h.event(threadEvent('edited', DANA.id, DESK, postTs(c), { subtype: 'message_changed' }));
    await h.handoffs.dispatch();
    expect(h.stub.calls.slice(before).filter((x) => x.name !== 'auth.test')).toEqual([]);
    expect((await h.handoffs.get(c.id))?.lines).toHaveLength(lines ?? 0);
  });

  it('a retried thread event (X-Slack-Retry-Num) is not relayed twice', async () => {
    const user = 'web-user-retry';
    const c = await queueWebUser(user);
    await press(c, phrase('case.claim'));
    const event = threadEvent('Please reboot once', DANA.id, DESK, postTs(c));
    expect((await h.event(event, { eventId: 'EvRETRY1' })).status).toBe(200);
    expect((await h.event(event, { eventId: 'EvRETRY1', retryNum: 1 })).status).toBe(200);
    expect((await h.event(event, { eventId: 'EvRETRY1', retryNum: 2 })).status).toBe(200);
    await h.handoffs.dispatch();
    const lines = (await h.handoffs.get(c.id))?.lines.filter((l) => l.text === 'Please reboot once');
    expect(lines).toHaveLength(1);
    expect((await inbox(user)).split('Please reboot once')).toHaveLength(2);
  });
});

describe('posting to Slack fails', () => {
  it('a refused post (ok:false) is retried after the backoff and posted exactly once', async () => {
    h.stub.failNext('chat.postMessage', { error: 'not_in_channel' });
    const c = await queueWebUser('web-user-postfail');
    expect(caseCalls(c).posts).toHaveLength(1);
    expect(caseCalls(c).okPosts).toHaveLength(0);
    const stored = (await h.handoffs.get(c.id))?.posts[0];
    expect(stored).toMatchObject({ target: 'slack', attempts: 1 });
    expect(stored?.lastError).toMatch(/not_in_channel/);

    await h.handoffs.dispatch();
    expect(caseCalls(c).posts).toHaveLength(1);
    h.clock.now += 1_500;
    await h.handoffs.dispatch();
    await h.handoffs.dispatch();
    expect(caseCalls(c).okPosts).toHaveLength(1);
    expect(caseCalls(c).posts).toHaveLength(2);
    expect((await h.handoffs.get(c.id))?.posts[0]).toMatchObject({
      attempts: 0,
      postedAt: expect.any(Number),
    });
  });

  it('an HTTP 500 on the post is retried too', async () => {
    h.stub.failNext('chat.postMessage', { status: 500 });
    const c = await queueWebUser('web-user-post500');
    expect(caseCalls(c).okPosts).toHaveLength(0);
    h.clock.now += 1_500;
    await h.handoffs.dispatch();
    expect(caseCalls(c).okPosts).toHaveLength(1);
  });

  it('a post that reached Slack but whose answer was lost is found on retry, not posted twice', async () => {
    h.stub.failNext('chat.postMessage', { status: 500, delivered: true });
    const c = await queueWebUser('web-user-lost-answer');
    expect(caseCalls(c).posts).toHaveLength(1);
    expect((await h.handoffs.get(c.id))?.posts[0]?.postedAt).toBeUndefined();
    h.clock.now += 1_500;
    await h.handoffs.dispatch();
    expect(caseCalls(c).posts).toHaveLength(1);
    expect(h.stub.api('conversations.history').at(-1)?.args).toMatchObject({ channel: DESK });
    const fresh = await h.handoffs.get(c.id);
    expect(fresh?.posts[0]?.postedAt).toEqual(expect.any(Number));
    // The adopted post is the live one: Claim on it works and updates it.
    await press(await caseOf(`web:web-user-lost-answer`), phrase('case.claim'));
    await h.handoffs.dispatch();
    expect(caseCalls(c).updates.at(-1)?.args.ts).toBe(postTs(fresh as HandoffCase));
  });

  it('a failed thread relay is retried without posting the same lines twice', async () => {
    const user = 'web-user-relayfail';
    const c = await queueWebUser(user);
    await press(c, phrase('case.claim'));
    await h.handoffs.dispatch();
    h.stub.failNext('chat.postMessage', { status: 500, delivered: true });
    await webSays(user, 'still nothing');
    await h.handoffs.dispatch();
    h.clock.now += 1_500;
    await h.handoffs.dispatch();
    await webSays(user, 'now it works');
    await h.handoffs.dispatch();
    const texts = caseCalls(c).replies.map((r) => visibleText(r.args));
    expect(texts.filter((t) => t.includes('still nothing'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('now it works'))).toHaveLength(1);
  });
});
