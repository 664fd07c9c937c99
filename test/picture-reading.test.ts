// A photo or screenshot of the error instead of typing it: read offline, explained like a typed code, in the web chat.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../src/app/create-bot.ts';
import { type PictureCode, pictureCode } from '../src/app/picture-input.ts';
import { loadConfig } from '../src/config.ts';
import { loadContent } from '../src/content/load-content.ts';
import { createCodeLookup } from '../src/core/code-lookup.ts';
import { say } from '../src/core/phrases.ts';
import { createLanguage } from '../src/nlu/create-language.ts';
import { createImageReader, ImageReadError, imageKind } from '../src/ocr/image-reader.ts';
import type { RunningServer } from '../src/server.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { launchChromium, renderErrorDialog } from './helpers/browser.ts';
import { startForeignHost } from './helpers/foreign-host.ts';
import { png } from './helpers/picture-headers.ts';
import { SMS_ENV, startSmsHarness } from './helpers/sms-server.ts';
import { startTestServer } from './helpers/web-server.ts';

const content = loadContent();
const lookup = createCodeLookup(content.entries);

describe('what a picture says', () => {
  it.each<[string, PictureCode | undefined]>([
    [
      'Connection failed with error 809\nThe network connection between your computer and the VPN server',
      { code: 809, how: 'read' },
    ],
    [
      'Error 0x80092013: The revocation function was unable to check revocation',
      { code: 0x80092013, how: 'read' },
    ],
    ['Error 9999 something odd', { code: 9999, how: 'read' }],
    [
      'The remote connection was not made because the name of the remote access server did not resolve.',
      { code: 868, how: 'guess' },
    ],
    ['', undefined],
    ['a photo of my cat', undefined],
    // A small 809 dialog OCR'd with the 9 read as 8: its words correct the number (808 is no known code).
    [
      'VPN Connection\nError 808: The network connection between your computer and the VPN server could\nnot be established because the remote server is not responding.\nOK',
      { code: 809, how: 'guess' },
    ],
    // The same misreading, damaged further: the words still name 809, one digit from the 808 read.
    [
      'Error 808: The netw0rk connection between your cornputer and the VPN server could not be estab-\nlished because the rernote server is not respondinq.',
      { code: 809, how: 'guess' },
    ],
    // A known number whose message is another code's: the user is asked which one is on the screen.
    [
      'Error 691: The network connection between your computer and the VPN server could not be established because the remote server is not responding.',
      { how: 'either', codes: [691, 809] },
    ],
  ])('%j → %j', (text, expected) => {
    expect(pictureCode(text, lookup)).toEqual(expected);
  });

  it.each([
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], 'png'],
    [[0xff, 0xd8, 0xff, 0xe0], 'jpeg'],
    [[0x47, 0x49, 0x46, 0x38], 'gif'],
    [[0x3c, 0x73, 0x76, 0x67], undefined],
    [[], undefined],
  ])('the first bytes %j are a %s picture', (bytes, kind) => {
    expect(imageKind(new Uint8Array(bytes))).toBe(kind);
  });

  it('refuses what is not a picture, or is too big, without reading it', async () => {
    const reader = createImageReader();
    await expect(reader.read(new TextEncoder().encode('<svg onload=alert(1)>'))).rejects.toMatchObject({
      why: 'not_an_image',
    });
    const huge = new Uint8Array(6 * 1024 * 1024);
    huge.set([0x89, 0x50, 0x4e, 0x47]);
    await expect(reader.read(huge)).rejects.toBeInstanceOf(ImageReadError);
    await reader.close();
  });
});

describe('what the bot answers to the text read from a picture', () => {
  /** The bot with a picture reader that "reads" `ocr` from any picture. */
  const botReading = (ocr: string) =>
    createBot({
      content,
      config: loadConfig({}),
      store: createSqliteStore(':memory:'),
      pictures: { read: async () => ocr, close: async () => {} },
      language: createLanguage(content),
    });
  const picture = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

  it('an 809 dialog OCR\'d as 808 is explained as 809, never "I don\'t know error 808"', async () => {
    const ocr =
      'Error 808: The network connection between your computer and the VPN server could not be established because the remote server is not responding.';
    const said = JSON.stringify((await botReading(ocr).readPicture('web:p1', picture)).replies);
    expect(said).toContain(say(content.phrases, 'picture.guess', { code: '809' }));
    expect(said).toMatch(/Error 809/);
    expect(said).not.toMatch(/808/);
  });

  it('a number and a message that name two codes are asked about, in the words of cards/phrases.yaml', async () => {
    const ocr =
      'Error 691: The network connection between your computer and the VPN server could not be established because the remote server is not responding.';
    const turn = await botReading(ocr).readPicture('web:p2', picture);
    const question = say(content.phrases, 'picture.either', { number: '691', message: '809' });
    expect(content.phrases['picture.either']).toBeDefined();
    expect(turn.replies).toEqual([{ kind: 'text', text: question }]);
  });
});

describe('in the web chat', () => {
  let browser: Browser;
  let server: RunningServer;
  let dialog: Buffer;
  beforeAll(async () => {
    browser = await launchChromium();
    server = await startTestServer();
    dialog = await renderErrorDialog(undefined, browser);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const postPicture = async (body: Uint8Array, type = 'image/png') => {
    const res = await fetch(`${server.url}/web/api/picture?conversationId=picture-user-1`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: Buffer.from(body),
    });
    return { status: res.status, said: JSON.stringify(await res.json()) };
  };

  it('a screenshot of error 809 is read and explained', async () => {
    const { status, said } = await postPicture(dialog);
    expect(status).toBe(200);
    expect(said).toMatch(/I read error 809 in your picture.*Error 809/);
  }, 60_000);

  it('something that is not a picture gets a clear answer', async () => {
    const { status, said } = await postPicture(
      new TextEncoder().encode('MZ\u0090\u0000 not a picture'),
      'image/png',
    );
    expect(status).toBe(200);
    expect(said).toMatch(/only read photos and screenshots/);
  });

  it('a broken picture gets a clear answer and the bot stays up and keeps reading', async () => {
    // A sound header (64×64) with garbage where the pixels should be: it passes the size check and fails to decode.
    const broken = new Uint8Array(64);
    broken.set([...png(64, 64).subarray(0, 33), 1, 2, 3, 4]);
    const { status, said } = await postPicture(broken);
    expect(status).toBe(200);
    expect(said).toMatch(/couldn't read an error number/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await postPicture(dialog)).said).toMatch(/I read error 809/);
  }, 60_000);

  it('a user taps the camera button, picks the screenshot and sees the card', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/`);
    await page.locator('.ac-adaptiveCard').first().waitFor();
    await page.setInputFiles('#picture', { name: 'error.png', mimeType: 'image/png', buffer: dialog });
    await page.getByText('Photo of the error', { exact: true }).waitFor();
    await page.getByText('I read error 809 in your picture.').waitFor({ timeout: 30_000 });
    await page
      .getByText(/Error 809/)
      .first()
      .waitFor();
    await page.close();
  }, 60_000);
});

describe('by MMS', () => {
  it('a photo texted without words is fetched from the provider, read and explained; other hosts are never fetched', async () => {
    const photo = await renderErrorDialog(
      '<p>Error 691: Access was denied because the user name or password is not valid</p>',
    );
    const h = await startSmsHarness();
    try {
      const path = `/2010-04-01/Accounts/${SMS_ENV.TWILIO_ACCOUNT_SID}/Messages/MM1/Media/ME1`;
      h.api.media.set(path, photo);
      const media = (url: string) => ({ NumMedia: '1', MediaUrl0: url, MediaContentType0: 'image/png' });
      const read = await h.text('+15551230001', '', media(`${h.api.url}${path}`));
      expect(read.messages.join('\n')).toMatch(/I read error 691 in your picture[\s\S]*Error 691/);
      const fetched = h.api.requests.filter((r) => r.path === path);
      expect(fetched).toHaveLength(1);
      expect(fetched[0]?.authorization).toMatch(/^Basic /);

      const foreign = await startForeignHost();
      try {
        const elsewhere = await h.text('+15551230002', '', media(`${foreign.url}${path}`));
        expect(elsewhere.messages.join('\n')).toMatch(/couldn't open that picture/);
        expect(foreign.requests).toEqual([]);
      } finally {
        await foreign.close();
      }
    } finally {
      await h.stop();
    }
  }, 60_000);
});
