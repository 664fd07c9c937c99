// The rule for MMS pictures: fetched only from the provider's API host (with the account's credentials there), never
// from a host a message names; the provider's own redirect to its media storage is followed over https, without them.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMediaFetcher } from '../src/channels/sms/sms-media.ts';
import { type ForeignHost, PICTURE, startForeignHost } from './helpers/foreign-host.ts';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'test-auth-token';
const BASIC = `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`;
const MEDIA = `/2010-04-01/Accounts/${SID}/Messages/MM1/Media/ME1`;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** What a download gave, as a Buffer to compare with PICTURE. */
const bytesOf = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes) : undefined);

/** A foreign host that is closed after the test. */
async function foreignHost(address?: string): Promise<ForeignHost> {
  const host = await startForeignHost(address);
  closers.push(host.close);
  return host;
}

/** The provider's API on 127.0.0.1: serves the picture at MEDIA, or redirects there to `redirect` (a full URL). */
async function provider(redirect?: string) {
  const seen: { path: string; authorization?: string }[] = [];
  const server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
    if (req.url === '/moved') return void res.writeHead(302, { location: MEDIA }).end();
    if (req.url !== MEDIA) return void res.writeHead(404).end();
    if (redirect) return void res.writeHead(302, { location: redirect }).end();
    res.writeHead(200, { 'content-type': 'image/png' }).end(PICTURE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen };
}

describe('MMS pictures', () => {
  it("come from the provider's host, with the account's credentials", async () => {
    const api = await provider();
    const fetchMedia = createMediaFetcher({ apiUrl: api.url, accountSid: SID, authToken: TOKEN });
    expect(bytesOf(await fetchMedia(`${api.url}${MEDIA}`))).toEqual(PICTURE);
    expect(api.seen).toEqual([{ path: MEDIA, authorization: BASIC }]);
  });

  it.each([
    ['another address of this machine', '127.0.0.2'],
    ['the same address on another port', '127.0.0.1'],
  ])('named on %s are never fetched: that host is never contacted', async (_where, address) => {
    const api = await provider();
    const foreign = await foreignHost(address);
    const fetchMedia = createMediaFetcher({ apiUrl: api.url, accountSid: SID, authToken: TOKEN });
    expect(bytesOf(await fetchMedia(`${foreign.url}${MEDIA}`))).toBeUndefined();
    expect(foreign.requests).toEqual([]);
    expect(api.seen).toEqual([]);
  });

  it("behind the provider's redirect on its own host are followed, still with the credentials", async () => {
    const api = await provider();
    const fetchMedia = createMediaFetcher({ apiUrl: api.url, accountSid: SID, authToken: TOKEN });
    expect(bytesOf(await fetchMedia(`${api.url}/moved`))).toEqual(PICTURE);
    expect(api.seen.map((s) => s.authorization)).toEqual([BASIC, BASIC]);
  });

  it('behind a redirect to another host over plain http are not fetched: that host is never contacted', async () => {
    const foreign = await foreignHost();
    const api = await provider(`${foreign.url}/stolen.png`);
    const fetchMedia = createMediaFetcher({ apiUrl: api.url, accountSid: SID, authToken: TOKEN });
    expect(bytesOf(await fetchMedia(`${api.url}${MEDIA}`))).toBeUndefined();
    expect(foreign.requests).toEqual([]);
  });

  it("behind a redirect to the provider's media storage over https are fetched without the credentials", async () => {
    const api = await provider('https://media.storage.example/ME1.png');
    const storage: { url: string; authorization: string | null }[] = [];
    // The https storage is answered here (no TLS server in a test); every other request goes out for real.
    const fetchWithStorage: typeof fetch = async (input, init) => {
      const url = String(input);
      if (!url.startsWith('https://media.storage.example/')) return fetch(input, init);
      storage.push({ url, authorization: new Headers(init?.headers).get('authorization') });
      return new Response(new Uint8Array(PICTURE), { headers: { 'content-type': 'image/png' } });
    };
    const fetchMedia = createMediaFetcher({
      apiUrl: api.url,
      accountSid: SID,
      authToken: TOKEN,
      fetch: fetchWithStorage,
    });
    expect(bytesOf(await fetchMedia(`${api.url}${MEDIA}`))).toEqual(PICTURE);
    expect(api.seen.map((s) => s.authorization)).toEqual([BASIC]);
    expect(storage).toEqual([{ url: 'https://media.storage.example/ME1.png', authorization: null }]);
  });
});
