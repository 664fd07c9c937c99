// Counts every picture handed to the reader by how it ended (read, too_big, busy, not_an_image, timeout, failed).
import { ImageReadError, type ImageReader } from '../ocr/image-reader.ts';
import type { Metrics } from './metrics.ts';

/** The same reader, counting each `read` in `vpnbot_ocr_pictures_total{outcome}`. */
export function meterImageReader(reader: ImageReader, metrics: Metrics): ImageReader {
  return {
    async read(image, caller) {
      try {
        const text = await reader.read(image, caller);
        metrics.ocr.inc({ outcome: 'read' });
        return text;
      } catch (err) {
        metrics.ocr.inc({ outcome: err instanceof ImageReadError ? err.why : 'failed' });
        throw err;
      }
    },
    close: () => reader.close(),
  };
}
