// One huge or repeated picture must not take the picture reader away from everyone (issue 12, item 3).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../src/app/create-bot.ts';
import { loadConfig } from '../src/config.ts';
import { loadContent } from '../src/content/load-content.ts';
import { say } from '../src/core/phrases.ts';
import { createLanguage } from '../src/nlu/create-language.ts';
import { createImageReader, type OcrWorker } from '../src/ocr/image-reader.ts';
import type { RunningServer } from '../src/server.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { bmp, gif, jpeg, png, webp } from './helpers/picture-headers.ts';
import { startTestServer, tempDataDir } from './helpers/web-server.ts';

const content = loadContent();
const DIALOG_TEXT =
  'Error 809: The network connection between your computer and the VPN server could not be established';

/** A stand-in for tesseract.js: counts how often it is started, and holds every picture until `release()`. */
function fakeOcr(opts: { slow?: boolean } = {}) {
  let open: () => void = () => {};
  let gate = Promise.resolve();
  const hold = () => {
    gate = new Promise<void>((resolve) => {
      open = resolve;
    });
  };
  if (opts.slow) hold();
  const seen: Buffer[] = [];
  const stats = { started: 0, seen };
  const createWorker = async (): Promise<OcrWorker> => {
    stats.started++;
    return {
      recognize: async (image) => {
        seen.push(image);
        await gate;
        return { data: { text: DIALOG_TEXT } };
      },
      terminate: async () => {},
    };
  };
  return { stats, createWorker, release: () => open() };
}

/** Whether `promise` is still pending after everything already queued has run. */
async function pending(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  return (
    (await Promise.race([
      promise.then(
        () => 'settled',
        () => 'settled',
      ),
      new Promise((r) => setImmediate(() => r(marker))),
    ])) === marker
  );
}

describe('a picture whose header claims too many pixels is refused before anything is decoded', () => {
  it.each([
    ['a PNG of 20000×20000 (the 439 kB picture that cost 1.2 GB)', png(20000, 20000)],
    ['a JPEG of 20000×20000', jpeg(20000, 20000)],
    ['a progressive JPEG of 20000×20000', jpeg(20000, 20000, 0xc2)],
    ['a GIF of 65535×65535', gif(65535, 65535)],
    ['a BMP of 30000×30000', bmp(30000, 30000)],
    ['a WebP of 20000×20000', webp(20000, 20000)],
    ['a PNG of 6000×5000: 30 megapixels, both sides under 10000', png(6000, 5000)],
    ['a PNG of 10001×1000: only 10 megapixels, one side over 10000', png(10001, 1000)],
    ['a JPEG of 200×12000: a very long strip', jpeg(200, 12000)],
  ])('%s → too big, the reader is never started', async (_, picture) => {
    const ocr = fakeOcr();
    const reader = createImageReader({ createWorker: ocr.createWorker });
    await expect(reader.read(picture, 'web:someone')).rejects.toMatchObject({ why: 'too_big' });
    expect(ocr.stats.started).toBe(0);
  });

  it.each([
    [
      'a PNG signature with no image header after it',
      Buffer.concat([png(10, 10).subarray(0, 8), Buffer.alloc(40)]),
    ],
    ['a PNG that claims 0×0', png(0, 0)],
    ['a JPEG start with no frame header', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xd9])],
    ['a GIF cut off after its signature', Buffer.from('GIF89a', 'latin1')],
    ['a BMP cut off before its width', Buffer.from('BM\0\0\0\0', 'latin1')],
  ])('%s → not a picture, the reader is never started', async (_, picture) => {
    const ocr = fakeOcr();
    const reader = createImageReader({ createWorker: ocr.createWorker });
    await expect(reader.read(picture)).rejects.toMatchObject({ why: 'not_an_image' });
    expect(ocr.stats.started).toBe(0);
  });

  it.each([
    ['a 12-megapixel phone photo, JPEG 4032×3024', jpeg(4032, 3024)],
    ['a phone screenshot, PNG 1179×2556', png(1179, 2556)],
    ['a laptop screenshot, WebP 1920×1080', webp(1920, 1080)],
    ['a GIF of 800×600', gif(800, 600)],
    ['a BMP of 1024×768', bmp(1024, 768)],
    ['a PNG of 10000×2500: exactly at both caps', png(10000, 2500)],
    ['a PNG of 5000×5000: 25 megapixels, exactly at the cap', png(5000, 5000)],
  ])('%s → read', async (_, picture) => {
    const ocr = fakeOcr();
    const reader = createImageReader({ createWorker: ocr.createWorker });
    await expect(reader.read(picture, 'web:someone')).resolves.toBe(DIALOG_TEXT);
    expect(ocr.stats.seen).toEqual([picture]);
  });
});

describe('one conversation cannot fill the queue', () => {
  const photo = jpeg(4032, 3024);

  it("A's second picture while the first is read is busy; B's is read; A may send again once the first is done", async () => {
    const ocr = fakeOcr({ slow: true });
    const reader = createImageReader({ createWorker: ocr.createWorker });
    const first = reader.read(photo, 'web:A');
    await expect(reader.read(photo, 'web:A')).rejects.toMatchObject({ why: 'busy' });
    const other = reader.read(photo, 'web:B');
    expect(await pending(other)).toBe(true);
    ocr.release();
    await expect(first).resolves.toBe(DIALOG_TEXT);
    await expect(other).resolves.toBe(DIALOG_TEXT);
    await expect(reader.read(photo, 'web:A')).resolves.toBe(DIALOG_TEXT);
  });

  it('a picture that failed frees its conversation too', async () => {
    const reader = createImageReader({
      createWorker: async () => ({
        recognize: async () => Promise.reject(new Error('leptonica could not decode it')),
        terminate: async () => {},
      }),
    });
    await expect(reader.read(photo, 'web:A')).rejects.toMatchObject({ why: 'failed' });
    await expect(reader.read(photo, 'web:A')).rejects.toMatchObject({ why: 'failed' });
  });

  it('four conversations at once fill the queue; a fifth is busy', async () => {
    const ocr = fakeOcr({ slow: true });
    const reader = createImageReader({ createWorker: ocr.createWorker });
    const four = ['web:1', 'web:2', 'web:3', 'web:4'].map((who) => reader.read(photo, who));
    await expect(reader.read(photo, 'web:5')).rejects.toMatchObject({ why: 'busy' });
    ocr.release();
    expect(await Promise.all(four)).toEqual([DIALOG_TEXT, DIALOG_TEXT, DIALOG_TEXT, DIALOG_TEXT]);
  });

  it('in the bot: the same chat sending a second photo hears "busy", another chat gets its photo read', async () => {
    const ocr = fakeOcr({ slow: true });
    const store = createSqliteStore(join(tempDataDir(), 'vpnbot.sqlite'));
    const bot = createBot({
      content,
      config: loadConfig({}),
      store,
      pictures: createImageReader({ createWorker: ocr.createWorker }),
      language: createLanguage(content),
    });
    try {
      const first = bot.readPicture('web:chat-a', photo);
      const again = await bot.readPicture('web:chat-a', photo);
      expect(again.replies).toEqual([{ kind: 'text', text: say(content.phrases, 'picture.busy') }]);
      const other = bot.readPicture('web:chat-b', photo);
      ocr.release();
      for (const turn of [await first, await other])
        expect(JSON.stringify(turn.replies)).toContain(say(content.phrases, 'picture.read', { code: '809' }));
    } finally {
      await store.close();
    }
  });
});

describe('in the web chat', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('a user sends the 20000×20000 PNG and is told it is too big, with a 200; the chat keeps working', async () => {
    const res = await fetch(`${server.url}/web/api/picture?conversationId=huge-picture-1`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: new Uint8Array(png(20000, 20000)),
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain(say(content.phrases, 'picture.tooBig'));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
