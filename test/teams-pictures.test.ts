// A screenshot of the error shared alone in a Teams 1:1 chat (local mode): downloaded from a loopback attachment URL,
// read offline and explained like a typed code; attachments elsewhere, and files that are not pictures, are never read.
import type { TurnContext } from 'botbuilder';
import { MicrosoftAppCredentials } from 'botframework-connector';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/app/logger.ts';
import {
  allowedPictureUrl,
  createTeamsPictureFetcher,
  sharedAttachment,
} from '../src/channels/teams/teams-pictures.ts';
import { say } from '../src/core/phrases.ts';
import { renderErrorDialog } from './helpers/browser.ts';
import { type ConnectorStub, startConnectorStub } from './helpers/connector-stub.ts';
import { lanAddress, startForeignHost } from './helpers/foreign-host.ts';
import { personalMessage, postActivity } from './helpers/teams-activity.ts';
import { cardsOf, cardText, must, validCards } from './helpers/teams-cards.ts';
import { startTeamsTestServer, type TeamsTestServer } from './helpers/teams-server.ts';

const PATH = '/attachments/err.png';

let stub: ConnectorStub;
let server: TeamsTestServer;
let n = 0;
const newChat = () => `a:personal-picture-${++n}`;
const phrase = (key: string) => say(server.bot.content.phrases, key);

beforeAll(async () => {
  const dialog = await renderErrorDialog();
  stub = await startConnectorStub();
  stub.files.set(PATH, { bytes: dialog, type: 'image/png' });
  server = await startTeamsTestServer({ env: { VPN_TYPES: 'sstp' } });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await stub?.close();
});
beforeEach(() => stub.clear());

/** A 1:1 message with no words and one attachment, as the Emulator / Agents Playground sends an upload. */
const pictureMessage = (conversationId: string, attachment: Record<string, unknown>, id?: string) => ({
  ...personalMessage({ serviceUrl: stub.url, conversationId, text: '', id }),
  text: undefined,
  attachments: [{ name: 'err.png', ...attachment }],
});

/** Posts an activity, expects 200, and returns the messages the bot sent (cards validated). */
async function exchange(activity: Record<string, unknown>) {
  const before = stub.messages().length;
  const res = await postActivity(server.url, activity);
  expect(res.status).toBe(200);
  const messages = stub.messages().slice(before);
  validCards(messages);
  return messages;
}

const texts = (messages: ReturnType<ConnectorStub['messages']>) =>
  messages.map((m) => (typeof m.activity.text === 'string' ? m.activity.text : ''));

describe('a picture shared alone in a Teams 1:1 chat', () => {
  it('is downloaded from the loopback attachment URL, read, and answered with the 809 card; a re-send is answered once', async () => {
    const activity = pictureMessage(
      newChat(),
      { contentType: 'image/png', contentUrl: `${stub.url.replace(/\/$/, '')}${PATH}` },
      'f:picture-1',
    );
    const messages = await exchange(activity);
    expect(texts(messages)[0]).toBe('I read error 809 in your picture.');
    const card = must(messages.flatMap(cardsOf)[0]);
    expect(cardText(card)).toMatch(/809/);
    expect(stub.downloads).toEqual([{ path: PATH, authorization: undefined }]);

    expect(await exchange(activity)).toEqual([]);
  }, 60_000);

  it('on a host that is not loopback is never fetched (that host is never contacted) and gets "not a picture"', async () => {
    const address = lanAddress();
    expect(
      address,
      'this machine needs a non-loopback IPv4 address to serve the foreign picture',
    ).toBeDefined();
    const foreign = await startForeignHost(address);
    try {
      const messages = await exchange(
        pictureMessage(newChat(), { contentType: 'image/png', contentUrl: `${foreign.url}${PATH}` }),
      );
      expect(texts(messages)).toEqual([phrase('picture.notImage')]);
      expect(foreign.requests).toEqual([]);
      expect(stub.downloads).toEqual([]);
    } finally {
      await foreign.close();
    }
  });

  it('that is not a picture (a PDF) is never fetched and gets "not a picture"', async () => {
    const messages = await exchange(
      pictureMessage(newChat(), {
        contentType: 'application/pdf',
        contentUrl: `${stub.url.replace(/\/$/, '')}${PATH}`,
      }),
    );
    expect(texts(messages)).toEqual([phrase('picture.notImage')]);
    expect(stub.downloads).toEqual([]);
  });

  it('whose bytes are no picture is answered "not a picture"', async () => {
    stub.files.set('/attachments/fake.png', { bytes: new TextEncoder().encode('<html>'), type: 'image/png' });
    const messages = await exchange(
      pictureMessage(newChat(), {
        contentType: 'image/*',
        contentUrl: `${stub.url.replace(/\/$/, '')}/attachments/fake.png`,
      }),
    );
    expect(texts(messages)).toEqual([phrase('picture.notImage')]);
    expect(stub.downloads.map((d) => d.path)).toEqual(['/attachments/fake.png']);
  });
});

describe('with an app id (production)', () => {
  const SERVICE = 'https://smba.trafficmanager.net/emea/';
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  it.each([
    ['https://smba.trafficmanager.net/emea/v3/attachments/a/views/original', true],
    ['https://us-api.asm.skype.com/v1/objects/0-x/views/imgo', true],
    ['https://teams.microsoft.com.evil.example/x.png', false],
    ['https://evil.example/smba.trafficmanager.net/x.png', false],
    ['http://smba.trafficmanager.net/emea/v3/attachments/a', false],
    ['https://user:pw@smba.trafficmanager.net/x', false],
    ['http://127.0.0.1:9/x.png', false],
    ['not a url', false],
  ])('may fetch %s: %s', (url, ok) => {
    expect(Boolean(allowedPictureUrl(url, SERVICE, false))).toBe(ok);
  });

  it('in local mode only loopback URLs are allowed', () => {
    expect(allowedPictureUrl('http://localhost:3978/v3/attachments/a', SERVICE, true)).toBeDefined();
    expect(allowedPictureUrl('https://smba.trafficmanager.net/emea/x', SERVICE, true)).toBeUndefined();
  });

  it('tells a picture turn from a typed one', () => {
    expect(
      sharedAttachment({ text: 'hi', attachments: [{ contentType: 'image/png', contentUrl: 'u' }] }),
    ).toBe(undefined);
    expect(sharedAttachment({ text: '', attachments: [{ contentType: 'text/html', content: '<p/>' }] })).toBe(
      undefined,
    );
    expect(
      sharedAttachment({
        attachments: [
          { contentType: 'image/*', contentUrl: 'u' },
          { contentType: 'text/html', content: '<img>' },
        ],
      }),
    ).toEqual({ url: 'u' });
    expect(sharedAttachment({ attachments: [{ contentType: 'application/pdf', contentUrl: 'u' }] })).toEqual(
      {},
    );
  });

  /** A turn context with what the fetcher reads: the serviceUrl, and the ConnectorClient CloudAdapter keeps. */
  const contextWith = (credentials: unknown): TurnContext => {
    const key = Symbol('ConnectorClient');
    return {
      activity: { serviceUrl: SERVICE },
      adapter: { ConnectorClientKey: key },
      turnState: new Map([[key, { credentials }]]),
    } as unknown as TurnContext;
  };

  it("sends the turn's Bot Framework token (signed by botbuilder's credentials) and refuses redirects elsewhere", async () => {
    const credentials = new MicrosoftAppCredentials('app-id', 'secret');
    credentials.getToken = async () => 'bf-token';
    const calls: { url: string; authorization?: string }[] = [];
    const fetchPicture = createTeamsPictureFetcher({
      appId: 'app-id',
      log: createLogger('silent'),
      fetch: (async (input: URL, init: RequestInit) => {
        const url = String(input);
        calls.push({ url, authorization: (init.headers as Record<string, string>).authorization });
        if (url.endsWith('/away'))
          return new Response(null, { status: 302, headers: { location: 'https://evil.example/x' } });
        if (url.endsWith('/hop'))
          return new Response(null, { status: 302, headers: { location: '/emea/v3/attachments/a' } });
        return new Response(PNG, { headers: { 'content-type': 'image/png' } });
      }) as typeof fetch,
    });
    const context = contextWith(credentials);
    expect(await fetchPicture(context, `${SERVICE}v3/attachments/hop`)).toEqual(Buffer.from(PNG));
    expect(calls).toEqual([
      { url: `${SERVICE}v3/attachments/hop`, authorization: 'Bearer bf-token' },
      { url: `${SERVICE}v3/attachments/a`, authorization: 'Bearer bf-token' },
    ]);
    calls.length = 0;
    expect(await fetchPicture(context, `${SERVICE}v3/attachments/away`)).toBeUndefined();
    expect(calls.map((c) => c.url)).toEqual([`${SERVICE}v3/attachments/away`]);
    calls.length = 0;
    expect(await fetchPicture(contextWith(undefined), `${SERVICE}v3/attachments/a`)).toBeUndefined();
    expect(await fetchPicture(context, 'https://evil.example/x.png')).toBeUndefined();
    expect(calls).toEqual([]);
  });
});
