// Reads the text in a photo or screenshot of an error dialog, offline (tesseract.js with the bundled English data), time-bounded.
import { createRequire } from 'node:module';
import type * as Tesseract from 'tesseract.js';
import { MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, overSizeCap, pictureSize } from './picture-size.ts';

/** Why a picture could not be read. */
export class ImageReadError extends Error {
  constructor(
    readonly why: 'not_an_image' | 'too_big' | 'timeout' | 'busy' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'ImageReadError';
  }
}

/**
 * Reads text from images; one worker, loaded on first use, one picture at a time. A picture from a `caller` (a
 * conversation key) that already has one waiting or being read is refused as 'busy'.
 */
export interface ImageReader {
  read(image: Uint8Array, caller?: string): Promise<string>;
  close(): Promise<void>;
}

/** The image kinds the reader takes, by their first bytes. */
export function imageKind(bytes: Uint8Array): 'png' | 'jpeg' | 'webp' | 'gif' | 'bmp' | undefined {
  const at = (i: number) => bytes[i] ?? -1;
  if (at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4e && at(3) === 0x47) return 'png';
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'jpeg';
  if (
    at(0) === 0x52 &&
    at(1) === 0x49 &&
    at(2) === 0x46 &&
    at(3) === 0x46 &&
    at(8) === 0x57 &&
    at(9) === 0x45
  )
    return 'webp';
  if (at(0) === 0x47 && at(1) === 0x49 && at(2) === 0x46) return 'gif';
  if (at(0) === 0x42 && at(1) === 0x4d) return 'bmp';
  return undefined;
}

/** The largest picture the reader takes. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** The part of a tesseract.js worker the reader uses. */
export type OcrWorker = {
  recognize(image: Buffer): Promise<{ data: { text: string } }>;
  terminate(): Promise<unknown>;
};

/** Starts tesseract.js offline with the bundled English data. */
async function startTesseract(): Promise<OcrWorker> {
  const require = createRequire(import.meta.url);
  const { createWorker } = require('tesseract.js') as typeof Tesseract;
  const eng = require('@tesseract.js-data/eng') as { langPath: string };
  // Without an errorHandler tesseract.js rethrows a bad picture's error outside any promise, killing the process.
  const options = { langPath: eng.langPath, gzip: true, cacheMethod: 'none', errorHandler: () => {} };
  return (await createWorker('eng', 1, options)) as OcrWorker;
}

/** How many pictures may wait or be read at once; more get a "busy" answer instead of piling up in memory. */
const MAX_WAITING = 4;

/**
 * Builds the reader; nothing loads until the first picture that passes the byte, kind and size checks (so a refused
 * picture never starts `createWorker`, tesseract.js by default). A picture not read within `timeoutMs` of arriving
 * (waiting included) is abandoned and the worker restarted.
 */
export function createImageReader(
  opts: { timeoutMs?: number; createWorker?: () => Promise<OcrWorker> } = {},
): ImageReader {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const createWorker = opts.createWorker ?? startTesseract;
  let worker: Promise<OcrWorker> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  const callers = new Set<string>();

  const start = (): Promise<OcrWorker> => {
    worker ??= createWorker();
    return worker;
  };
  const stop = async () => {
    const w = worker;
    worker = undefined;
    const started = await Promise.race([
      w?.catch(() => undefined),
      new Promise<undefined>((r) => setTimeout(r, 2000)),
    ]);
    await started?.terminate().catch(() => {});
  };

  const readOne = async (image: Uint8Array, deadline: Promise<never>): Promise<string> => {
    try {
      const w = await Promise.race([start(), deadline]);
      const { data } = await Promise.race([w.recognize(Buffer.from(image)), deadline]);
      return data.text;
    } catch (err) {
      if (err instanceof ImageReadError) {
        if (err.why === 'timeout') await stop();
        throw err;
      }
      throw new ImageReadError('failed', `the picture could not be read: ${(err as Error).message ?? err}`);
    }
  };

  return {
    read(image, caller) {
      if (image.byteLength > MAX_IMAGE_BYTES)
        return Promise.reject(
          new ImageReadError('too_big', `pictures over ${MAX_IMAGE_BYTES} bytes are not read`),
        );
      if (!imageKind(image))
        return Promise.reject(
          new ImageReadError('not_an_image', 'that is not a PNG, JPEG, WebP, GIF or BMP picture'),
        );
      const size = pictureSize(image);
      if (!size)
        return Promise.reject(
          new ImageReadError('not_an_image', 'the picture has no readable width and height'),
        );
      if (overSizeCap(size))
        return Promise.reject(
          new ImageReadError(
            'too_big',
            `pictures over ${MAX_IMAGE_PIXELS} pixels or ${MAX_IMAGE_SIDE} pixels a side are not read (this one is ${size.width}×${size.height})`,
          ),
        );
      if (waiting >= MAX_WAITING)
        return Promise.reject(new ImageReadError('busy', 'too many pictures are being read right now'));
      if (caller !== undefined && callers.has(caller))
        return Promise.reject(new ImageReadError('busy', 'a picture from this caller is still being read'));
      waiting++;
      if (caller !== undefined) callers.add(caller);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new ImageReadError('timeout', `reading the picture took over ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      deadline.catch(() => {});
      const next = queue.then(() => readOne(image, deadline));
      const bounded = Promise.race([next, deadline]).finally(() => {
        clearTimeout(timer);
        waiting--;
        if (caller !== undefined) callers.delete(caller);
      });
      queue = next.catch(() => {});
      return bounded;
    },
    close: stop,
  };
}
