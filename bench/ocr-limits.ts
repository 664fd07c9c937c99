// What one big picture costs the picture reader (worker already started): wall time, CPU and peak RSS, each in a fresh process.
// Usage: node --import tsx bench/ocr-limits.ts [--reader path/to/image-reader.ts]
// (to compare with an older reader: git show <commit>:src/ocr/image-reader.ts > bench/.old-image-reader.ts)
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crc32, createDeflate, deflateSync } from 'node:zlib';

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const chunk = (type: string, data: Buffer) => {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([u32(data.length), body, u32(crc32(body))]);
};

/** Writes a real, decodable white 8-bit grey PNG of width×height, streaming the rows so this process stays small. */
async function whitePng(file: string, width: number, height: number): Promise<void> {
  const out = createWriteStream(file);
  const ihdr = Buffer.concat([u32(width), u32(height), Buffer.from([8, 0, 0, 0, 0])]);
  out.write(
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)]),
  );
  const deflate = createDeflate();
  deflate.on('data', (data: Buffer) => out.write(chunk('IDAT', data)));
  const row = Buffer.alloc(width + 1, 0xff);
  row[0] = 0;
  for (let y = 0; y < height; y++)
    if (!deflate.write(row)) await new Promise((r) => deflate.once('drain', r));
  deflate.end();
  await once(deflate, 'end');
  out.end(chunk('IEND', Buffer.alloc(0)));
  await once(out, 'finish');
}

/** A white 16×16 grey PNG, to start the worker before measuring. */
function smallPng(): Buffer {
  const ihdr = Buffer.concat([u32(16), u32(16), Buffer.from([8, 0, 0, 0, 0])]);
  const rows = Buffer.alloc(16 * 17, 0xff);
  for (let y = 0; y < 16; y++) rows[y * 17] = 0;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** In the child: reads one picture with the given reader module and prints what it cost. */
async function measure(readerPath: string, picture: string): Promise<void> {
  const { createImageReader } = (await import(
    pathToFileURL(readerPath).href
  )) as typeof import('../src/ocr/image-reader.ts');
  const reader = createImageReader({ timeoutMs: 120_000 });
  await reader.read(smallPng(), 'warm-up');
  const bytes = readFileSync(picture);
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let outcome: string;
  try {
    outcome = `read ${JSON.stringify((await reader.read(bytes, 'bench')).trim().slice(0, 20))}`;
  } catch (err) {
    outcome = `refused: ${(err as { why?: string }).why ?? (err as Error).message}`;
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  await reader.close();
  console.log(
    JSON.stringify({ outcome, ms, cpuMs: (used.user + used.system) / 1000, rssBeforeMb, peakRssMb }),
  );
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--reader');
  const readerPath = resolve(at > 0 ? (process.argv[at + 1] ?? '') : 'src/ocr/image-reader.ts');
  const dir = mkdtempSync(join(tmpdir(), 'vpnbot-ocr-bench-'));
  try {
    const cases: [string, number, number][] = [
      ['20000×20000 (issue 12)', 20000, 20000],
      ['5000×5000 (at the 25 MP cap)', 5000, 5000],
      ['4032×3024 (phone photo)', 4032, 3024],
    ];
    console.log(`reader: ${readerPath}`);
    for (const [name, width, height] of cases) {
      const file = join(dir, `${width}x${height}.png`);
      await whitePng(file, width, height);
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', import.meta.filename, '--child', readerPath, file],
        {
          encoding: 'utf8',
        },
      );
      const line = run.stdout.trim().split('\n').at(-1) ?? '';
      if (!line.startsWith('{')) throw new Error(`${name}: ${run.stderr}`);
      const r = JSON.parse(line) as Record<string, number | string>;
      const f = (n: unknown) => Math.round(Number(n));
      console.log(
        `${name}, ${Math.round(statSync(file).size / 1024)} kB: ${r.outcome} in ${f(r.ms)} ms, CPU ${f(r.cpuMs)} ms, RSS ${f(r.rssBeforeMb)} → peak ${f(r.peakRssMb)} MB`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await measure(process.argv[3] ?? '', process.argv[4] ?? '');
else await main();
