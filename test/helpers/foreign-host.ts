// A host the bot must never download from, serving a real picture and counting every request: a refusal is then
// "never contacted", told apart from a download that was tried and failed.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { PNG } from 'pngjs';

/** A running foreign host: `url` is its origin, `requests` every path asked for (empty when nobody came). */
export interface ForeignHost {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** This machine's first non-loopback IPv4 address, for a foreign host that is off loopback (Teams local mode allows loopback). */
export function lanAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
}

/** A small white PNG: a picture any downloader would accept. */
export const PICTURE: Buffer = (() => {
  const png = new PNG({ width: 8, height: 8 });
  png.data.fill(255);
  return PNG.sync.write(png);
})();

/** Starts a host on `address` (default 127.0.0.2, another loopback address) that answers every GET with a picture. */
export async function startForeignHost(address = '127.0.0.2'): Promise<ForeignHost> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png' }).end(PICTURE);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
