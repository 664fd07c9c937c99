// Tiny pictures whose headers claim any width and height, with almost no pixel data behind them.
import { crc32, deflateSync } from 'node:zlib';

const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
};
const u16le = (n: number) => Buffer.from([n & 0xff, n >> 8]);
const u16be = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u24le = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff, n >> 16]);

/** A PNG chunk with its length and CRC. */
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([u32be(data.length), body, u32be(crc32(body))]);
}

/** PNG: a valid IHDR (8-bit RGB) claiming width×height, then a few bytes of IDAT. */
export function png(width: number, height: number): Buffer {
  const ihdr = Buffer.concat([u32be(width), u32be(height), Buffer.from([8, 2, 0, 0, 0])]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(16))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** JPEG: a JFIF APP0 segment, then a frame header (baseline SOF0 unless `frame` says 0xc2, progressive) claiming width×height. */
export function jpeg(width: number, height: number, frame = 0xc0): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sof0 = Buffer.concat([
    Buffer.from([0xff, frame, 0, 17, 8]),
    u16be(height),
    u16be(width),
    Buffer.from([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]),
  ]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof0, Buffer.from([0xff, 0xd9])]);
}

/** GIF89a: a logical screen of width×height, no frames. */
export function gif(width: number, height: number): Buffer {
  return Buffer.concat([
    Buffer.from('GIF89a', 'latin1'),
    u16le(width),
    u16le(height),
    Buffer.from([0, 0, 0, 0x3b]),
  ]);
}

/** BMP: a BITMAPINFOHEADER (24-bit) claiming width×height, no pixel rows. */
export function bmp(width: number, height: number): Buffer {
  const info = Buffer.concat([u32le(40), u32le(width), u32le(height), u16le(1), u16le(24), Buffer.alloc(24)]);
  return Buffer.concat([Buffer.from('BM', 'latin1'), u32le(54), u32le(0), u32le(54), info]);
}

/** WebP: an extended (VP8X) header claiming width×height. */
export function webp(width: number, height: number): Buffer {
  const vp8x = Buffer.concat([
    Buffer.from('VP8X', 'latin1'),
    u32le(10),
    Buffer.alloc(4),
    u24le(width - 1),
    u24le(height - 1),
  ]);
  return Buffer.concat([
    Buffer.from('RIFF', 'latin1'),
    u32le(4 + vp8x.length),
    Buffer.from('WEBP', 'latin1'),
    vp8x,
  ]);
}
