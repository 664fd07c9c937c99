// Reads the text in a photo or screenshot of an error dialog, offline (tesseract.js with the bundled English data), time-bounded.
import { createRequire } from 'node:module';

/** Why a picture could not be read. */
export class ImageReadError extends Error {
  constructor(
    readonly why: 'not_an_image' | 'too_big' | 'timeout' | 'failed',
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

/** Builds the reader; nothing loads until the first picture. A read that takes longer than `timeoutMs` is abandoned. */
export function createImageReader(opts: { timeoutMs?: number } = {}): ImageReader {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const require = createRequire(import.meta.url);
  let worker: Promise<Worker> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const start = (): Promise<Worker> => {
    worker ??= (async () => {
      const { createWorker } = await import('tesseract.js');
      const eng = require('@tesseract.js-data/eng') as { langPath: string };
      return (await createWorker('eng', 1, {
        langPath: eng.langPath,
        gzip: true,
        cacheMethod: 'none',
      })) as Worker;
    })();
    return worker;
  };
  const stop = async () => {
    const w = worker;
    worker = undefined;
    await (await w?.catch(() => undefined))?.terminate().catch(() => {});
  };

  const readOne = async (image: Uint8Array): Promise<string> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ImageReadError('timeout', `reading the picture took over ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      const w = await Promise.race([start(), timeout]);
      const { data } = await Promise.race([w.recognize(Buffer.from(image)), timeout]);
      return data.text;
    } catch (err) {
      if (err instanceof ImageReadError) {
        await stop();
        throw err;
      }
      throw new ImageReadError('failed', `the picture could not be read: ${(err as Error).message ?? err}`);
    } finally {
      clearTimeout(timer);
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
      const next = queue.then(() => readOne(image));
      queue = next.catch(() => {});
      return next;
    },
    close: stop,
  };
}
