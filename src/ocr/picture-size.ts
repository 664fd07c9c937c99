// A picture's width and height from its header alone (probe-image-size: no pixel is decoded), and the reader's caps.
import { createRequire } from 'node:module';

type Probe = (data: Uint8Array) => { width: number; height: number } | null;
let prober: Probe | undefined;
// The synchronous prober alone (the package's main entry also loads its HTTP client), when the first picture comes.
const probeSync = (data: Uint8Array) => {
  prober ??= createRequire(import.meta.url)('probe-image-size/sync') as Probe;
  return prober(data);
};

/** The most pixels the reader decodes: a 12-megapixel phone photo (4032×3024) fits twice over. */
export const MAX_IMAGE_PIXELS = 25_000_000;

/** The longest side the reader decodes: a strip under the pixel cap (100000×200) is still refused. */
export const MAX_IMAGE_SIDE = 10_000;

/** Width and height in pixels. */
export interface PictureSize {
  width: number;
  height: number;
}

/** The size `bytes` claim in their header, or undefined when the header is missing, cut short or says 0×0. */
export function pictureSize(bytes: Uint8Array): PictureSize | undefined {
  try {
    const size = probeSync(bytes);
    if (!size) return undefined;
    const fine = (n: number) => Number.isSafeInteger(n) && n > 0;
    return fine(size.width) && fine(size.height) ? { width: size.width, height: size.height } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a picture of `size` is over MAX_IMAGE_PIXELS or has a side over MAX_IMAGE_SIDE. */
export function overSizeCap(size: PictureSize): boolean {
  return (
    size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE || size.width * size.height > MAX_IMAGE_PIXELS
  );
}
