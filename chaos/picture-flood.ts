// Many pictures at once at the web chat's picture route: pictures that claim 20000×20000 pixels, a few real ones,
// several from one conversation, and a typed turn in the middle that must still be answered.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { newConversation, postTurn } from './conversations.ts';
import { startInstance } from './instance.ts';

const chunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
};

/** A PNG whose header says `width`×`height` (RGB), with `rows` rows of white pixel data actually present. */
export function png(width: number, height: number, rows = height): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  // Each row: filter byte 0 (none), then white pixels.
  const row = Buffer.alloc(1 + width * 3, 0xff);
  row[0] = 0;
  const raw = Buffer.concat(Array.from({ length: Math.min(rows, height) }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The flood's figures. */
export interface Flood {
  pictures: number;
  byStatus: Record<string, number>;
  serverErrors: number;
  typedTurnAnswered: boolean;
  peakMb: number;
  baselineMb: number;
}

/** Sends the flood at a fresh SQLite instance and reports every answer and the instance's peak memory. */
export async function pictureFlood(): Promise<Flood> {
  const bot = await startInstance({ DATA_DIR: mkdtempSync(join(tmpdir(), 'vpnbot-chaos-')) });
  const baselineMb = bot.peakMb();
  const huge = png(20_000, 20_000, 8);
  const small = png(64, 32);
  const one = newConversation('same');
  const sends: { conversation: string; body: Buffer }[] = [
    ...Array.from({ length: 12 }, () => ({ conversation: newConversation('huge').id, body: huge })),
    ...Array.from({ length: 4 }, () => ({ conversation: newConversation('small').id, body: small })),
    ...Array.from({ length: 4 }, () => ({ conversation: one.id, body: small })),
  ];
  const byStatus: Record<string, number> = {};
  const flood = Promise.all(
    sends.map(async ({ conversation, body }) => {
      const status = await fetch(`${bot.url}/web/api/picture?conversationId=${conversation}`, {
        method: 'POST',
        headers: { 'Content-Type': 'image/png' },
        body: new Uint8Array(body),
        signal: AbortSignal.timeout(60_000),
      }).then(
        async (r) => {
          await r.body?.cancel();
          return String(r.status);
        },
        () => 'cut',
      );
      byStatus[status] = (byStatus[status] ?? 0) + 1;
    }),
  );
  const typed = newConversation('typed');
  const turn = await postTurn(bot.url, typed.id, `${typed.id}-t0`, 'error 721');
  await flood;
  const peakMb = bot.peakMb();
  await bot.kill('SIGTERM');
  const serverErrors = Object.entries(byStatus)
    .filter(([s]) => s === 'cut' || s.startsWith('5'))
    .reduce((n, [, k]) => n + k, 0);
  return { pictures: sends.length, byStatus, serverErrors, typedTurnAnswered: turn.ok, peakMb, baselineMb };
}
