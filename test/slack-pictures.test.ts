// A screenshot of the error shared alone in a Slack DM: downloaded from Slack's file host with the bot token, read
// offline and explained like a typed code; files from anywhere else, and files that are not pictures, are never read.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackPictureFetcher, sharedPicture } from '../src/channels/slack/slack-files.ts';
import { loadPhrases } from '../src/content/load-phrases.ts';
import { say } from '../src/core/phrases.ts';
import { MAX_IMAGE_BYTES } from '../src/ocr/image-reader.ts';
import { renderErrorDialog } from './helpers/browser.ts';
import { startForeignHost } from './helpers/foreign-host.ts';
import {
  BOT_TOKEN,
  dmEvent,
  type SlackCall,
  type SlackHarness,
  startSlackHarness,
  TEAM,
  visibleText,
} from './helpers/slack-harness.ts';

/** The shipped wording of a phrase, as the tests expect it. */
const shipped = (key: string): string => say(loadPhrases(), key);

const NO_FILES = shipped('slack.noFiles');
const PATH = `/files-pri/${TEAM}-F1/error.png`;

let h: SlackHarness;
/** How many picture turns the bot has finished (answered, or found already answered). */
let picturesRead = 0;

beforeAll(async () => {
  const dialog = await renderErrorDialog();
  h = await startSlackHarness();
  h.stub.files.set(PATH, { bytes: dialog, type: 'image/png' });
  const read = h.bot.readPicture.bind(h.bot);
  h.bot.readPicture = async (...args) => {
    try {
      return await read(...args);
    } finally {
      picturesRead++;
    }
  };
}, 60_000);
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  expect(h.blockKitProblems()).toEqual([]);
});

/** A DM that shares one file and no words, as Slack sends it (subtype file_share). */
const shareEvent = (user: string, file: Record<string, unknown>) =>
  dmEvent('', user, `D${user.slice(1)}`, {
    subtype: 'file_share',
    files: [{ id: 'F1', name: 'error.png', filetype: 'png', size: 40_000, ...file }],
  });

/** The chat.postMessage calls into `channel`, once at least `count` have arrived (reading a picture takes a while). */
async function postsTo(channel: string, count: number, timeoutMs = 40_000): Promise<SlackCall[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const posts = h.stub.api('chat.postMessage').filter((c) => c.args.channel === channel);
    if (posts.length >= count || Date.now() > deadline) return posts;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits (up to 40 s) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 40_000; !done() && Date.now() < deadline; )
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect(done()).toBe(true);
}

/**
 * The posts into `channel` after `before` of them, once the user's next message ("error 721") is answered there:
 * anything still owed for earlier events has had its turn by then.
 */
async function postsUpToNextAnswer(user: string, channel: string, before: number): Promise<SlackCall[]> {
  await h.event(dmEvent('error 721', user, channel));
  await until(() => said(postsNow(channel).slice(before)).includes('721'));
  return postsNow(channel).slice(before);
}
const postsNow = (channel: string) =>
  h.stub.api('chat.postMessage').filter((c) => c.args.channel === channel);

const said = (posts: SlackCall[]) =>
  posts.map((p) => `${String(p.args.text ?? '')}\n${visibleText(p.args)}`).join('\n');

describe('a picture shared alone in a DM', () => {
  it('is downloaded with the bot token, read and explained in the DM; a retry posts nothing again', async () => {
    const event = shareEvent('U0PIC', {
      mimetype: 'image/png',
      url_private: h.stub.fileUrl(PATH),
      url_private_download: `${h.stub.fileUrl(PATH)}?download=1`,
    });
    const res = await h.event(event, { eventId: 'EvPIC1' });
    expect(res.status).toBe(200);
    const posts = await postsTo('D0PIC', 2);
    expect(said(posts)).toMatch(/I read error 809 in your picture\.[\s\S]*Error 809/);
    expect(said(posts)).not.toContain(NO_FILES);
    for (const p of posts) expect(p.token).toBe(BOT_TOKEN);
    expect(h.stub.downloads.filter((d) => d.path === PATH)).toEqual([{ path: PATH, token: BOT_TOKEN }]);

    // Slack retries after a 5xx or a late answer: the picture is read again, and the turn is known already.
    await until(() => picturesRead >= 1);
    const read = picturesRead;
    const before = postsNow('D0PIC').length;
    const retry = await h.event(event, { eventId: 'EvPIC1', retryNum: 1 });
    expect(retry.status).toBe(200);
    await until(() => picturesRead > read); // the retry was read, and found already answered
    const after = await postsUpToNextAnswer('U0PIC', 'D0PIC', before);
    expect(said(after)).not.toContain('I read error 809');
    expect(said(after)).toMatch(/721/);
  }, 60_000);

  it('shared again while the first copy of the event is still being read is read once', async () => {
    const path = `/files-pri/${TEAM}-F5/again.png`;
    h.stub.files.set(path, h.stub.files.get(PATH) ?? { bytes: new Uint8Array(), type: 'image/png' });
    const event = shareEvent('U0TWICE', {
      mimetype: 'image/png',
      url_private_download: h.stub.fileUrl(path),
    });
    const answers = await Promise.all([
      h.event(event, { eventId: 'EvPIC2' }),
      h.event(event, { eventId: 'EvPIC2', retryNum: 1 }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await postsTo('D0TWICE', 2);
    const posts = await postsUpToNextAnswer('U0TWICE', 'D0TWICE', 0);
    expect(posts.filter((p) => said([p]).includes('I read error 809'))).toHaveLength(1);
    expect(h.stub.downloads.filter((d) => d.path === path)).toHaveLength(1);
  }, 60_000);

  it('from another host is never fetched (that host is never contacted) and gets "please type it"', async () => {
    const foreign = await startForeignHost();
    try {
      const res = await h.event(
        shareEvent('U0EVIL', {
          mimetype: 'image/png',
          url_private: `${foreign.url}${PATH}`,
          url_private_download: `${foreign.url}${PATH}`,
        }),
      );
      expect(res.status).toBe(200);
      const posts = await postsTo('D0EVIL', 1);
      expect(posts.map((p) => p.args.text)).toEqual([NO_FILES]);
      expect(foreign.requests).toEqual([]);
    } finally {
      await foreign.close();
    }
  });

  it('that is not a picture, or too big to read, is not fetched and gets "please type it"', async () => {
    const pdf = `/files-pri/${TEAM}-F2/report.pdf`;
    await h.event(
      shareEvent('U0PDF', {
        mimetype: 'application/pdf',
        filetype: 'pdf',
        url_private_download: h.stub.fileUrl(pdf),
      }),
    );
    expect((await postsTo('D0PDF', 1)).map((p) => p.args.text)).toEqual([NO_FILES]);
    const downloads = h.stub.downloads.length;
    await h.event(
      shareEvent('U0BIG', {
        mimetype: 'image/png',
        size: 6 * 1024 * 1024,
        url_private_download: h.stub.fileUrl(PATH),
      }),
    );
    expect((await postsTo('D0BIG', 1)).map((p) => p.args.text)).toEqual([NO_FILES]);
    expect(h.stub.downloads.filter((d) => d.path === pdf)).toEqual([]);
    expect(h.stub.downloads).toHaveLength(downloads);
  });

  it('that turns out not to be a picture or not to be there gets "please type it"', async () => {
    const fake = `/files-pri/${TEAM}-F3/fake.png`;
    h.stub.files.set(fake, { bytes: new TextEncoder().encode('<svg onload=alert(1)>'), type: 'image/png' });
    await h.event(
      shareEvent('U0FAKE', { mimetype: 'image/png', url_private_download: h.stub.fileUrl(fake) }),
    );
    expect((await postsTo('D0FAKE', 1)).map((p) => p.args.text)).toEqual([NO_FILES]);
    await h.event(
      shareEvent('U0GONE', {
        mimetype: 'image/png',
        url_private_download: h.stub.fileUrl(`/files-pri/${TEAM}-F4/gone.png`),
      }),
    );
    expect((await postsTo('D0GONE', 1)).map((p) => p.args.text)).toEqual([NO_FILES]);
  });
});

describe('the downloader', () => {
  const png = (size: number) => {
    const bytes = new Uint8Array(size);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return bytes;
  };
  /** A fetch that answers from `answers` by URL and records what it was asked. */
  const fakeFetch = (answers: Record<string, () => Response>) => {
    const asked: { url: string; auth: string | null }[] = [];
    const fn = (async (input: URL | RequestInfo, init?: RequestInit) => {
      const url = String(input);
      asked.push({ url, auth: new Headers(init?.headers).get('authorization') });
      return answers[url]?.() ?? new Response('nope', { status: 404 });
    }) as typeof fetch;
    return { fn, asked };
  };

  it('takes only the first file, when it is a picture of a readable size with a download URL', () => {
    const url = 'https://files.slack.com/files-pri/T1-F1/a.png';
    expect(sharedPicture([{ mimetype: 'image/jpeg', size: 10, url_private_download: url }])).toBe(url);
    expect(sharedPicture([{ mimetype: 'image/png', url_private: url }])).toBe(url);
    expect(sharedPicture([{ mimetype: 'image/svg+xml', url_private: url }])).toBeUndefined();
    expect(
      sharedPicture([{ mimetype: 'image/png', size: MAX_IMAGE_BYTES + 1, url_private: url }]),
    ).toBeUndefined();
    expect(sharedPicture([{ mimetype: 'image/png' }])).toBeUndefined();
    expect(
      sharedPicture([
        { mimetype: 'text/plain', url_private: url },
        { mimetype: 'image/png', url_private: url },
      ]),
    ).toBeUndefined();
    expect(sharedPicture(undefined)).toBeUndefined();
  });

  it('follows redirects on allowed origins only, and sends the token only there', async () => {
    const start = 'https://files.slack.com/files-pri/T1-F1/a.png';
    const { fn, asked } = fakeFetch({
      [start]: () => new Response(null, { status: 302, headers: { location: '/files-tmb/T1-F1/a.png' } }),
      'https://files.slack.com/files-tmb/T1-F1/a.png': () =>
        new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data' } }),
    });
    const download = createSlackPictureFetcher({ botToken: 'xoxb-1', fetch: fn });
    expect(await download(start)).toBeUndefined();
    expect(asked).toEqual([
      { url: start, auth: 'Bearer xoxb-1' },
      { url: 'https://files.slack.com/files-tmb/T1-F1/a.png', auth: 'Bearer xoxb-1' },
    ]);
    expect(await download('https://files.slack.com.evil.test/a.png')).toBeUndefined();
    expect(await download('http://files.slack.com/a.png')).toBeUndefined();
    expect(await download('file:///etc/passwd')).toBeUndefined();
    expect(asked).toHaveLength(2);
  });

  it('takes the SLACK_API_URL origin, and stops past the size limit even without a content-length', async () => {
    const small = 'https://slack.gov.test/files-pri/a.png';
    const big = 'https://slack.gov.test/files-pri/big.png';
    const { fn } = fakeFetch({
      [small]: () => new Response(png(1000)),
      [big]: () =>
        new Response(
          new ReadableStream({
            start(c) {
              for (let i = 0; i < 6; i++) c.enqueue(png(1024 * 1024));
              c.close();
            },
          }),
        ),
    });
    const download = createSlackPictureFetcher({
      botToken: 'x',
      apiUrl: 'https://slack.gov.test/api/',
      fetch: fn,
    });
    expect((await download(small))?.byteLength).toBe(1000);
    expect(await download(big)).toBeUndefined();
  });

  it('gives up on a download that takes too long', async () => {
    const slow = 'https://files.slack.com/slow.png';
    const fn = ((_: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof fetch;
    const download = createSlackPictureFetcher({ botToken: 'x', fetch: fn, timeoutMs: 50 });
    expect(await download(slow)).toBeUndefined();
  });
});
