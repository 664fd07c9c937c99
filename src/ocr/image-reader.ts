// Reads the text in a photo or screenshot of an error dialog, offline (tesseract.js with the bundled English data), time-bounded.
import { createRequire } from 'node:module';

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

/** Reads text from images; one worker, loaded on first use, one picture at a time. */
export interface ImageReader {
  read(image: Uint8Array): Promise<string>;
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

type Worker = {
  recognize(image: Buffer): Promise<{ data: { text: string } }>;
  terminate(): Promise<unknown>;
};

/** How many pictures may wait or be read at once; more get a "busy" answer instead of piling up in memory. */
const MAX_WAITING = 4;

/**
 * Builds the reader; nothing loads until the first picture. A picture not read within `timeoutMs` of arriving
 * (waiting included) is abandoned and the worker restarted.
 */
export function createImageReader(opts: { timeoutMs?: number } = {}): ImageReader {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const require = createRequire(import.meta.url);
  let worker: Promise<Worker> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let waiting = 0;

  const start = (): Promise<Worker> => {
    worker ??= (async () => {
      const { createWorker } = await import('tesseract.js');
      const eng = require('@tesseract.js-data/eng') as { langPath: string };
      // Without an errorHandler tesseract.js rethrows a bad picture's error outside any promise, killing the process.
      const options = { langPath: eng.langPath, gzip: true, cacheMethod: 'none', errorHandler: () => {} };
      return (await createWorker('eng', 1, options)) as Worker;
    })();
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
    read(image) {
      if (image.byteLength > MAX_IMAGE_BYTES)
        return Promise.reject(
          new ImageReadError('too_big', `pictures over ${MAX_IMAGE_BYTES} bytes are not read`),
        );
      if (!imageKind(image))
        return Promise.reject(
          new ImageReadError('not_an_image', 'that is not a PNG, JPEG, WebP, GIF or BMP picture'),
        );
      if (waiting >= MAX_WAITING)
        return Promise.reject(new ImageReadError('busy', 'too many pictures are being read right now'));
      waiting++;
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
      });
      queue = next.catch(() => {});
      return bounded;
    },
    close: stop,
  };
}
