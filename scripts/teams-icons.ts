// `npm run icons:teams`: draws the Teams app icons with pngjs — color.png (192×192) and outline.png (32×32, white on transparent).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

const OUT_DIR = join(import.meta.dirname, '..', 'manifest', 'teams');
const ACCENT = [0x1f, 0x5f, 0xad] as const;

/** Coverage (0–1) of a padlock drawn in a unit square: a body below and a shackle arch above. */
function padlock(x: number, y: number, stroke: number): number {
  const body = { left: 0.2, right: 0.8, top: 0.45, bottom: 0.9, radius: 0.08 };
  const dx = Math.max(body.left + body.radius - x, 0, x - (body.right - body.radius));
  const dy = Math.max(body.top + body.radius - y, 0, y - (body.bottom - body.radius));
  const inBody = Math.hypot(dx, dy) <= body.radius;
  const keyhole = Math.hypot(x - 0.5, y - 0.63) < 0.065 || (Math.abs(x - 0.5) < 0.03 && y > 0.63 && y < 0.78);
  if (inBody) return keyhole ? 0 : 1;
  const r = Math.hypot(x - 0.5, y - 0.45);
  const arch = y <= 0.45 && Math.abs(r - 0.2) <= stroke / 2;
  const legs = y > 0.45 && y < body.top + 0.02 && Math.abs(Math.abs(x - 0.5) - 0.2) <= stroke / 2;
  return arch || legs ? 1 : 0;
}

/** A size×size PNG; `paint` gets the padlock coverage (4×4 supersampled) and returns RGBA. */
function draw(
  size: number,
  paint: (cover: number, x: number, y: number) => number[],
  inset: number,
  stroke: number,
) {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const u = ((px + (sx + 0.5) / 4) / size - inset) / (1 - 2 * inset);
          const v = ((py + (sy + 0.5) / 4) / size - inset) / (1 - 2 * inset);
          if (u >= 0 && u <= 1 && v >= 0 && v <= 1) hits += padlock(u, v, stroke);
        }
      }
      const rgba = paint(hits / 16, px / size, py / size);
      rgba.forEach((c, i) => {
        png.data[(py * size + px) * 4 + i] = Math.round(c);
      });
    }
  }
  return PNG.sync.write(png);
}

/** The full-colour icon: a white padlock on the accent colour, inside Teams' safe area. */
export function colorIcon(): Buffer {
  return draw(192, (cover) => [...ACCENT.map((c) => c + (255 - c) * cover), 255], 0.2, 0.11);
}

/** The outline icon: the padlock in white on a transparent background (the only colours Teams allows). */
export function outlineIcon(): Buffer {
  return draw(32, (cover) => [255, 255, 255, 255 * cover], 0.03, 0.13);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  writeFileSync(join(OUT_DIR, 'color.png'), colorIcon());
  writeFileSync(join(OUT_DIR, 'outline.png'), outlineIcon());
  process.stdout.write(`wrote ${OUT_DIR}/color.png and outline.png\n`);
}
