// A picture's width and height from its header alone (image-size: no pixel is decoded), and the caps the reader keeps.
import { imageSize } from 'image-size';

/** The most pixels the reader decodes: a 12-megapixel phone photo (4032×3024) fits twice over. */
export const MAX_IMAGE_PIXELS = 25_000_000;

/** The longest side the reader decodes, so a thin strip cannot reach the pixel cap with a huge side. */
export const MAX_IMAGE_SIDE = 10_000;

/** Width and height in pixels. */
export interface PictureSize {
  width: number;
  height: number;
}

/** The size `bytes` claim in their header, or undefined when the header is missing, cut short or says 0×0. */
export function pictureSize(bytes: Uint8Array): PictureSize | undefined {
  // image-size reads through a DataView over the whole ArrayBuffer: a view into a shared pool (a small Buffer)
  // would let a cut-short header read its neighbours' bytes, so such a view is copied first.
  const own =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
  try {
    const { width, height } = imageSize(own);
    const fine = (n: number) => Number.isSafeInteger(n) && n > 0;
    return fine(width) && fine(height) ? { width, height } : undefined;
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
