// End to end through the real server's POST /slack/events (bolt's receiver, signed requests) against a stub Slack.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPhrases } from '../src/content/load-phrases.ts';
import { say } from '../src/core/phrases.ts';
import {
  BOT_TOKEN,
  BOT_USER,
  buttonLabelled,
  buttonsOf,
  dmEvent,
  mrkdwnStrings,
  pressPayload,
  type SlackHarness,
  slackSignature,
  startSlackHarness,
  TEAM,
  visibleText,
} from './helpers/slack-harness.ts';

/** The shipped wording of a phrase, as the tests expect it. */
const shipped = (key: string): string => say(loadPhrases(), key);

let h: SlackHarness;
const phrase = (key: string) => say(h.bot.content.phrases, key);

beforeAll(async () => {
  h = await startSlackHarness({
    HELPDESK_CONTACT: 'ext. 4357 or help@acme.test',
    HELPDESK_TZ: 'Europe/London',
  });
});
afterAll(async () => {
  await h.close();
});
afterEach(() => {
  expect(h.blockKitProblems()).toEqual([]);
  h.store.down = false;
});

/** Stub calls made while `fn` ran. */
async function callsDuring(fn: () => Promise<unknown>) {
  const before = h.stub.calls.length;
  await fn();
  return h.stub.calls.slice(before);
}

describe('request signing (bolt v0 signature, 5-minute window)', () => {
  it('answers a correctly signed request', async () => {
    const res = await h.command('721');
    expect(res.status).toBe(200);
  });

  it('rejects a wrong signature with 401 and does nothing', async () => {
    const calls = await callsDuring(async () => {
      const res = await h.command('721', { secret: 'not-the-secret' });
      expect(res.status).toBe(401);
      expect(res.text).toBe('');
      const dm = await h.event(dmEvent('vpn not working', 'U0SIG', 'D0SIG'), { secret: 'not-the-secret' });
      expect(dm.status).toBe(401);
    });
    expect(calls).toEqual([]);
    expect(await h.store.get(`slack:${TEAM}:U0SIG`)).toBeUndefined();
  });

  it('rejects a correctly signed request whose timestamp is 6 minutes old with 401', async () => {
    const calls = await callsDuring(async () => {
      const old = Math.floor(Date.now() / 1000) - 6 * 60;
      const res = await h.command('721', { timestamp: old });
      expect(res.status).toBe(401);
      const dm = await h.event(dmEvent('vpn not working', 'U0OLD', 'D0OLD'), { timestamp: old });
      expect(dm.status).toBe(401);
    });
    expect(calls).toEqual([]);
  });

  it.each([
    ['6 minutes ahead', 6 * 60, 'U0AHEAD6'],
    ['an hour ahead', 60 * 60, 'U0AHEAD60'],
  ])('rejects a correctly signed request dated %s with 401, before bolt runs', async (_when, ahead, user) => {
    const calls = await callsDuring(async () => {
      const future = Math.floor(Date.now() / 1000) + ahead;
      const res = await h.command('721', { timestamp: future });
      expect(res.status).toBe(401);
      expect(res.text).toBe('');
      const dm = await h.event(dmEvent('vpn not working', user, `D${user}`), { timestamp: future });
      expect(dm.status).toBe(401);
    });
    expect(calls).toEqual([]);
    expect(await h.store.get(`slack:${TEAM}:${user}`)).toBeUndefined();
  });

  it('answers a correctly signed request dated 4 minutes ago (inside the window)', async () => {
    const recent = Math.floor(Date.now() / 1000) - 4 * 60;
    const res = await h.command('721', { timestamp: recent });
    expect(res.status).toBe(200);
    expect(res.json?.text).toMatch(/721/);
    const dm = await h.event(dmEvent('vpn not working', 'U0RECENT', 'D0RECENT'), { timestamp: recent });
    expect(dm.status).toBe(200);
    expect(await h.store.get(`slack:${TEAM}:U0RECENT`)).toBeDefined();
  });

  it('rejects a request without signature headers, and a body changed after signing', async () => {
    const res = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"url_verification","challenge":"x"}',
    });
    expect(res.status).toBe(401);
    const ts = Math.floor(Date.now() / 1000);
    const signed = slackSignature('test-signing-secret-0123456789abcdef', ts, 'text=721');
    const tampered = await h.post('text=722', 'application/x-www-form-urlencoded', {
      timestamp: ts,
      signature: signed,
    });
    expect(tampered.status).toBe(401);
  });

  it("answers Slack's signed URL verification challenge", async () => {
    const res = await h.post(
      JSON.stringify({ type: 'url_verification', challenge: 'abc123' }),
      'application/json',
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ challenge: 'abc123' });
  });
});

describe('/vpncode', () => {
  it('answers `/vpncode 721` in the HTTP response: the code card, ephemeral, with "Share in channel"', async () => {
    const calls = await callsDuring(async () => {
      const res = await h.command('721');
      expect(res.status).toBe(200);
      expect(res.json?.response_type).toBe('ephemeral');
      expect(res.json?.text).toMatch(/721/);
      expect(visibleText(res.json)).toMatch(/Error 721/);
      const share = buttonLabelled(res.json ?? {}, shipped('slack.share'));
      expect(share).toMatchObject({ action_id: 'vpncode:share', value: '721' });
    });
    expect(calls).toEqual([]);
  });

  it('answers a bare `/vpncode` and `/vpncode help` with the usage, without a share button', async () => {
    for (const text of ['', 'help']) {
      const res = await h.command(text);
      expect(res.status).toBe(200);
      expect(visibleText(res.json)).toContain(phrase('lookup.usage.title'));
      expect(visibleText(res.json)).toMatch(/721/);
      expect(buttonsOf(res.json ?? {})).toEqual([]);
    }
  });

  it('answers an unknown code with the nearest known ones, each a button that opens its card in place', async () => {
    const unknown = [722, 724, 4242, 9999].find((c) => h.bot.lookup.byCode(c).length === 0) ?? 0;
    const res = await h.command(String(unknown), { responseId: 'unknown' });
    expect(visibleText(res.json)).toContain(String(unknown));
    const suggestions = buttonsOf(res.json ?? {});
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.every((b) => String(b.block_id).startsWith('vpncode:open:'))).toBe(true);
    const open721 = buttonLabelled(res.json ?? {}, /^721/);

    const calls = await callsDuring(async () => {
      const press = pressPayload(open721, {
        channel: 'C0HELP',
        ephemeral: true,
        responseUrl: h.stub.responseUrl('unknown'),
        blockId: open721.block_id,
        user: 'U0TECH',
      });
      expect((await h.action(press)).status).toBe(200);
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ via: 'respond', name: 'unknown' });
    expect(calls[0]?.args).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(visibleText(calls[0]?.args)).toMatch(/Error 721/);
    expect(buttonLabelled(calls[0]?.args ?? {}, shipped('slack.share')).value).toBe('721');
  });

  it('lists the best matches of a keyword search, each with a button to open it', async () => {
    const query = ['ipsec', 'certificate', 'server', 'network', 'connection'].find(
      (q) => h.bot.lookup.lookup(q).matches.length > 1,
    );
    expect(query).toBeDefined();
    const res = await h.command(query ?? '');
    const result = h.bot.lookup.lookup(query ?? '');
    expect(visibleText(res.json)).toContain(query);
    const open = buttonsOf(res.json ?? {}).filter((b) => String(b.block_id).startsWith('vpncode:open:'));
    expect(open).toHaveLength(result.matches.length);
    expect(buttonLabelled(res.json ?? {}, shipped('slack.share')).value).toBe(query);
  });

  it('shares the answer with the channel through response_url and removes the ephemeral copy', async () => {
    const res = await h.command('721', { responseId: 'share' });
    const share = buttonLabelled(res.json ?? {}, shipped('slack.share'));
    const calls = await callsDuring(async () => {
      const press = pressPayload(share, {
        channel: 'C0HELP',
        ephemeral: true,
        responseUrl: h.stub.responseUrl('share'),
        blockId: share.block_id,
        user: 'U0TECH',
      });
      expect((await h.action(press)).status).toBe(200);
    });
    expect(calls.map((c) => c.via)).toEqual(['respond', 'respond']);
    const [posted, removed] = calls;
    expect(posted?.args).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(visibleText(posted?.args)).toMatch(/Error 721/);
    expect(visibleText(posted?.args)).toContain('Shared by <@U0TECH>');
    expect(buttonsOf(posted?.args ?? {})).toEqual([]);
    expect(removed?.args).toEqual({ delete_original: true });
  });

  it('never echoes `<!channel>` or a user mention unescaped', async () => {
    // Slack's own mention markup is read as plain words ("@channel"), so it is never sent back at all.
    for (const text of ['<!channel> 721', '<!here> gre <@U0BOSS|boss>', '<!channel> zzzz']) {
      const res = await h.command(text);
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(/<!channel>|<!here>|<@U0BOSS/);
    }
    // The same characters typed literally (Slack sends them as entities) are echoed, but only escaped in mrkdwn
    // (plain_text shows them as typed and is never parsed for mentions).
    for (const text of ['&lt;!channel&gt; gre', '&lt;!everyone&gt; zzzz &lt;@U0BOSS&gt;']) {
      const res = await h.command(text);
      expect(res.status).toBe(200);
      expect(mrkdwnStrings(res.json).length).toBeGreaterThan(0);
      for (const s of mrkdwnStrings(res.json)) expect(s).not.toMatch(/<[!@#]/);
      expect(res.json?.text).toContain('&lt;!');
    }
  });

  it('answers a forged lookup button politely and stays up', async () => {
    const press = pressPayload(
      { action_id: 'vpnbot:command:1', text: { type: 'plain_text', text: 'x' }, value: '{"type":"command"' },
      {
        channel: 'C0HELP',
        ephemeral: true,
        responseUrl: h.stub.responseUrl('forged'),
        blockId: 'vpncode:open:0',
      },
    );
    expect((await h.action(press)).status).toBe(200);
    const [answer] = h.stub.responded('forged');
    expect(answer?.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(answer?.args.text)).toMatch(/out of date/);
  });
});

describe('triage in a DM', () => {
  it('answers a DM with the first question, using the bot token, and ignores a retry of the same event', async () => {
    const calls = await callsDuring(async () => {
      const res = await h.event(dmEvent('vpn not working'), { eventId: 'EvDM1' });
      expect(res.status).toBe(200);
    });
    const posts = calls.filter((c) => c.name === 'chat.postMessage');
    expect(posts.length).toBeGreaterThanOrEqual(1);
    for (const p of posts) expect(p).toMatchObject({ token: BOT_TOKEN, args: { channel: 'D0USER' } });
    const question = posts.at(-1)?.args ?? {};
    expect(buttonsOf(question).length).toBeGreaterThan(1);
    expect(buttonsOf(question).every((b) => String(b.action_id).startsWith('vpnbot:choice:'))).toBe(true);

    const retry = await callsDuring(async () => {
      const res = await h.event(dmEvent('vpn not working'), { eventId: 'EvDM1', retryNum: 1 });
      expect(res.status).toBe(200);
    });
    expect(retry.filter((c) => c.name !== 'auth.test')).toEqual([]);
  });

  it('moves on when a button is pressed: marks the card answered and posts the next step', async () => {
    await h.event(dmEvent('start over', 'U0TAP', 'D0TAP'));
    const question =
      h.stub
        .api('chat.postMessage')
        .filter((c) => c.args.channel === 'D0TAP')
        .at(-1)?.args ?? {};
    const first = buttonsOf(question)[0] ?? {};
    const message = { ts: '1700000001.000200', text: question.text, blocks: question.blocks };
    const press = pressPayload(first, {
      user: 'U0TAP',
      channel: 'D0TAP',
      message,
      responseUrl: h.stub.responseUrl('tap'),
    });

    const calls = await callsDuring(async () => expect((await h.action(press)).status).toBe(200));
    const marked = calls.find((c) => c.via === 'respond');
    expect(marked?.args).toMatchObject({ replace_original: true });
    expect(buttonsOf(marked?.args ?? {})).toEqual([]);
    expect(visibleText(marked?.args)).toContain(`✓ ${String((first.text as { text: string }).text)}`);
    const next = calls.filter((c) => c.name === 'chat.postMessage');
    expect(next.length).toBeGreaterThanOrEqual(1);
    expect(next.every((c) => c.args.channel === 'D0TAP')).toBe(true);

    // The same button again is out of date: the engine's answer comes back ephemeral, nothing is posted.
    const pressAgain = pressPayload(first, {
      user: 'U0TAP',
      channel: 'D0TAP',
      message,
      responseUrl: h.stub.responseUrl('tap2'),
    });
    const again = await callsDuring(async () => expect((await h.action(pressAgain)).status).toBe(200));
    expect(again.filter((c) => c.name === 'chat.postMessage')).toEqual([]);
    const stale = again.filter((c) => c.via === 'respond');
    expect(stale.length).toBeGreaterThanOrEqual(1);
    for (const c of stale)
      expect(c.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(stale[0]?.args.text)).toContain('out of date');
  });

  it('answers a forged or mangled button value with the ephemeral "out of date" note and the current step', async () => {
    await h.event(dmEvent('vpn not working', 'U0FORGE', 'D0FORGE'));
    for (const value of [
      '{"type":"choice","node":"x"',
      '{"type":"choice","node":"a","choice":"b","turn":1,"x":1}',
      'x'.repeat(5000),
    ]) {
      const press = pressPayload(
        { action_id: 'vpnbot:choice:1', text: { type: 'plain_text', text: 'Yes' }, value },
        { user: 'U0FORGE', channel: 'D0FORGE', responseUrl: h.stub.responseUrl('forge') },
      );
      const calls = await callsDuring(async () => expect((await h.action(press)).status).toBe(200));
      expect(calls.filter((c) => c.name === 'chat.postMessage')).toEqual([]);
      const [note] = calls;
      expect(note).toMatchObject({
        via: 'respond',
        args: { response_type: 'ephemeral', replace_original: false },
      });
      expect(String(note?.args.text)).toContain('out of date');
    }
  });

  it('explains an error code typed in a DM', async () => {
    const calls = await callsDuring(() => h.event(dmEvent('it says error 721', 'U0CODE', 'D0CODE')));
    const text = calls
      .filter((c) => c.name === 'chat.postMessage')
      .map((c) => visibleText(c.args))
      .join('\n');
    expect(text).toMatch(/721/);
  });

  it('ignores bot messages, edits and other subtypes', async () => {
    const calls = await callsDuring(async () => {
      await h.event(dmEvent('vpn not working', 'U0X', 'D0X', { bot_id: 'B0OTHER' }));
      await h.event(dmEvent('vpn not working', BOT_USER, 'D0X', { bot_id: 'B0BOT' }));
      await h.event({
        ...dmEvent('', 'U0X', 'D0X'),
        subtype: 'message_changed',
        message: { text: 'vpn not working' },
      });
      await h.event(dmEvent('', 'U0X', 'D0X', { subtype: 'channel_join' }));
    });
    expect(calls.filter((c) => c.name !== 'auth.test')).toEqual([]);
  });

  it('a file shared with words is read as those words; a file alone gets "please type it"', async () => {
    const withWords = await callsDuring(() =>
      h.event(dmEvent('error 721', 'U0FILE', 'D0FILE', { subtype: 'file_share', files: [{ id: 'F1' }] })),
    );
    expect(visibleText(withWords.find((c) => c.name === 'chat.postMessage')?.args)).toMatch(/721/);
    const alone = await callsDuring(() =>
      h.event(dmEvent('', 'U0FILE2', 'D0FILE2', { subtype: 'file_share', files: [{ id: 'F2' }] })),
    );
    expect(alone.filter((c) => c.name === 'chat.postMessage').map((c) => c.args.text)).toEqual([
      "I can't open files here. Please type the error number, or the words on the screen.",
    ]);
  });

  it('escapes what a person typed wherever it is echoed in mrkdwn', async () => {
    const calls = await callsDuring(() =>
      h.event(dmEvent('&lt;!channel&gt; <!here> error 99999 <@U0BOSS>', 'U0ESC', 'D0ESC')),
    );
    const posted = calls.filter((c) => c.name === 'chat.postMessage');
    expect(posted.length).toBeGreaterThan(0);
    for (const c of posted) for (const s of mrkdwnStrings(c.args)) expect(s).not.toMatch(/<[!@#]/);
  });
});

describe('@mentions in a channel', () => {
  it('continues in a DM instead of triaging in public, with an ephemeral note in the channel', async () => {
    const calls = await callsDuring(async () => {
      const res = await h.event({
        type: 'app_mention',
        channel: 'C0GENERAL',
        user: 'U0MENT',
        text: `<@${BOT_USER}> my vpn is not working`,
        ts: '1700000002.000300',
      });
      expect(res.status).toBe(200);
    });
    expect(calls.find((c) => c.name === 'conversations.open')?.args).toMatchObject({ users: 'U0MENT' });
    const posts = calls.filter((c) => c.name === 'chat.postMessage');
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.every((c) => c.args.channel === 'D0MENT')).toBe(true);
    const note = calls.find((c) => c.name === 'chat.postEphemeral');
    expect(note?.args).toMatchObject({ channel: 'C0GENERAL', user: 'U0MENT' });
    expect(String(note?.args.text)).toMatch(/direct message/);
  });
});

describe('App Home', () => {
  it('publishes the Home tab: what the bot does, both ways in, and the desk hours and contact', async () => {
    const calls = await callsDuring(async () => {
      const res = await h.event({ type: 'app_home_opened', user: 'U0HOME', channel: 'D0HOME', tab: 'home' });
      expect(res.status).toBe(200);
    });
    const publish = calls.find((c) => c.name === 'views.publish');
    expect(publish?.args.user_id).toBe('U0HOME');
    const view = publish?.args.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const text = visibleText(view);
    expect(text).toContain('Mon-Fri 09:00-17:00');
    expect(text).toContain('Mon-Fri 09:00-17:00 (London time)');
    expect(text).toContain('ext. 4357 or help@acme.test');
    expect(text).toContain('/vpncode');
    buttonLabelled(view, phrase('greet.start'));
    buttonLabelled(view, phrase('greet.lookup'));
  });

  it('does nothing when the Messages tab is opened', async () => {
    const calls = await callsDuring(() =>
      h.event({ type: 'app_home_opened', user: 'U0HOME', channel: 'D0HOME', tab: 'messages' }),
    );
    expect(calls.filter((c) => c.name !== 'auth.test')).toEqual([]);
  });

  it('starts the triage in the DM when "Start VPN troubleshooting" is pressed on the Home tab', async () => {
    await h.event({ type: 'app_home_opened', user: 'U0HOME2', channel: 'D0HOME2', tab: 'home' });
    const view = h.stub.api('views.publish').at(-1)?.args.view as { blocks: unknown[] };
    const start = buttonLabelled(view, phrase('greet.start'));
    const calls = await callsDuring(async () =>
      expect((await h.action(pressPayload(start, { user: 'U0HOME2', fromHome: true }))).status).toBe(200),
    );
    expect(calls.find((c) => c.name === 'conversations.open')?.args).toMatchObject({ users: 'U0HOME2' });
    const posts = calls.filter((c) => c.name === 'chat.postMessage');
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.every((c) => c.args.channel === 'D0HOME2')).toBe(true);
    expect(buttonsOf(posts.at(-1)?.args ?? {}).length).toBeGreaterThan(1);
  });
});

describe('handoff to a person', () => {
  it("opens a case for a Slack user and brings the agent's messages to their DM", async () => {
    await h.event(dmEvent('talk to a person', 'U0HAND', 'D0HAND'));
    const open = (await h.handoffs.list()).find((c) => JSON.stringify(c).includes('U0HAND'));
    expect(open).toBeDefined();
    const agent = { id: 'dana', name: 'Dana', via: 'console' };
    await h.handoffs.agentSays(open?.id ?? '', agent, 'Hi, try your hotspot <!here>?');
    const calls = await callsDuring(() => h.handoffs.dispatch());
    const posts = calls.filter((c) => c.name === 'chat.postMessage' && c.args.channel === 'D0HAND');
    expect(posts.map((c) => visibleText(c.args)).join('\n')).toContain('try your hotspot');
    for (const c of posts) for (const s of mrkdwnStrings(c.args)) expect(s).not.toMatch(/<[!@#]/);
    await expect(h.slack.users.send({ team: TEAM }, [])).rejects.toThrow(/user id/);
  });
});

describe('when the store is down', () => {
  it('tells the DM user to try again once, answers Slack 503, and answers the retry once the store is back', async () => {
    h.store.down = true;
    const first = await callsDuring(async () => {
      const res = await h.event(dmEvent('vpn not working', 'U0DOWN', 'D0DOWN'), { eventId: 'EvDOWN' });
      expect(res.status).toBe(503);
    });
    const tryAgain = first.filter((c) => c.name === 'chat.postMessage');
    expect(tryAgain).toHaveLength(1);
    expect(tryAgain[0]?.args).toMatchObject({ channel: 'D0DOWN' });
    expect(String(tryAgain[0]?.args.text)).toContain(h.bot.unavailableText().slice(0, 20));

    const retried = await callsDuring(async () => {
      const res = await h.event(dmEvent('vpn not working', 'U0DOWN', 'D0DOWN'), {
        eventId: 'EvDOWN',
        retryNum: 1,
      });
      expect(res.status).toBe(503);
    });
    expect(retried.filter((c) => c.name === 'chat.postMessage')).toEqual([]);

    h.store.down = false;
    const recovered = await callsDuring(async () => {
      const res = await h.event(dmEvent('vpn not working', 'U0DOWN', 'D0DOWN'), {
        eventId: 'EvDOWN',
        retryNum: 2,
      });
      expect(res.status).toBe(200);
    });
    expect(recovered.filter((c) => c.name === 'chat.postMessage').length).toBeGreaterThan(0);
    expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
  });

  it('answers a button press with an ephemeral "try again" and a 503', async () => {
    await h.event(dmEvent('vpn not working', 'U0DOWN2', 'D0DOWN2'));
    const question =
      h.stub
        .api('chat.postMessage')
        .filter((c) => c.args.channel === 'D0DOWN2')
        .at(-1)?.args ?? {};
    h.store.down = true;
    const press = pressPayload(buttonsOf(question)[0] ?? {}, {
      user: 'U0DOWN2',
      channel: 'D0DOWN2',
      message: { text: question.text, blocks: question.blocks },
      responseUrl: h.stub.responseUrl('down'),
    });
    const calls = await callsDuring(async () => expect((await h.action(press)).status).toBe(503));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ via: 'respond', args: { response_type: 'ephemeral' } });
    expect(String(calls[0]?.args.text)).toContain(h.bot.unavailableText().slice(0, 20));
  });

  it('still answers /vpncode, which needs no conversation state', async () => {
    h.store.down = true;
    const res = await h.command('721');
    expect(res.status).toBe(200);
    expect(visibleText(res.json)).toMatch(/Error 721/);
  });
});
