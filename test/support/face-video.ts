/**
 * Videos for Chromium's fake camera (`--use-file-for-fake-video-capture=FILE.y4m`), written at test
 * time: the sample card's picture (resources/person-check/, public domain) gently swaying in front
 * of a plain wall, as a person at the terminal would, or the same wall with moving shadows and no
 * face at all. Y4M (YUV 4:2:0) is what Chromium reads without any codec; it loops the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

export const SAMPLE_FACE_PICTURE = new URL('../../resources/person-check/sample-card-photo.png', import.meta.url);
export const OTHER_PERSON_PICTURE = new URL('../../resources/person-check/other-person-scene.png', import.meta.url);

const WIDTH = 640;
const HEIGHT = 480;
const FPS = 15;

interface Rgb {
  width: number;
  height: number;
  at(x: number, y: number): [number, number, number];
}

function readPicture(file: URL): Rgb {
  const png = PNG.sync.read(readFileSync(file));
  return {
    width: png.width,
    height: png.height,
    at: (x, y) => {
      const i = (Math.min(png.height - 1, Math.max(0, y)) * png.width + Math.min(png.width - 1, Math.max(0, x))) * 4;
      return [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0];
    },
  };
}

type FramePainter = (frame: number, x: number, y: number) => [number, number, number];

function writeY4m(file: string, frames: number, paint: FramePainter): void {
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F${FPS}:1 Ip A1:1 C420jpeg\n`);
  const ySize = WIDTH * HEIGHT;
  const cSize = (WIDTH / 2) * (HEIGHT / 2);
  const chunks: Buffer[] = [header];
  for (let f = 0; f < frames; f++) {
    const plane = Buffer.alloc(ySize + 2 * cSize);
    const u = new Float64Array(cSize);
    const v = new Float64Array(cSize);
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        const [r, g, b] = paint(f, x, y);
        plane[y * WIDTH + x] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
        const c = (y >> 1) * (WIDTH / 2) + (x >> 1);
        u[c] = (u[c] ?? 0) + (-0.1687 * r - 0.3313 * g + 0.5 * b + 128) / 4;
        v[c] = (v[c] ?? 0) + (0.5 * r - 0.4187 * g - 0.0813 * b + 128) / 4;
      }
    }
    for (let c = 0; c < cSize; c++) {
      plane[ySize + c] = Math.round(u[c] ?? 128);
      plane[ySize + cSize + c] = Math.round(v[c] ?? 128);
    }
    chunks.push(Buffer.from('FRAME\n'), plane);
  }
  writeFileSync(file, Buffer.concat(chunks));
}

const wall = (x: number, y: number): [number, number, number] => {
  const shade = 200 - Math.round((y / HEIGHT) * 40) + ((x * 7 + y * 13) % 5);
  return [shade, shade - 4, shade - 10];
};

/** A face (the picture, scaled to `scale` of the frame height) that sways a few pixels: a live sitter. */
export function writeFaceVideo(file: string, options: { picture?: URL; scale?: number; frames?: number } = {}): void {
  const picture = readPicture(options.picture ?? SAMPLE_FACE_PICTURE);
  const frames = options.frames ?? 30;
  const height = Math.round(HEIGHT * (options.scale ?? 0.85));
  const width = Math.round((picture.width / picture.height) * height);
  writeY4m(file, frames, (f, x, y) => {
    const phase = (2 * Math.PI * f) / frames;
    const left = Math.round((WIDTH - width) / 2 + 6 * Math.sin(phase));
    const top = Math.round((HEIGHT - height) / 2 + 3 * Math.cos(phase));
    const px = x - left;
    const py = y - top;
    if (px < 0 || py < 0 || px >= width || py >= height) return wall(x, y);
    return picture.at(Math.floor((px * picture.width) / width), Math.floor((py * picture.height) / height));
  });
}

/** The same wall with a soft shadow drifting across it: motion, but nobody there. */
export function writeNoFaceVideo(file: string, options: { frames?: number } = {}): void {
  const frames = options.frames ?? 30;
  writeY4m(file, frames, (f, x, y) => {
    const centre = (WIDTH * f) / frames;
    const d = Math.abs(x - centre);
    const [r, g, b] = wall(x, y);
    const dim = d < 120 ? 0.75 + (0.25 * d) / 120 : 1;
    return [r * dim, g * dim, b * dim];
  });
}
