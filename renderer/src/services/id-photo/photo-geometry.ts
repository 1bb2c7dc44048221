/**
 * The ID photo format (GA 461-like): 358×441 pixels, 26×32 mm at 350 dpi, head centred, JPEG.
 * The crop takes the largest 358:441 rectangle centred on the frame (where the framing guide is).
 */
export const PHOTO_SIZE = { width: 358, height: 441 };
export const MAX_PHOTO_DATA_URL = 60_000;

export function centreCrop(sourceWidth: number, sourceHeight: number): { x: number; y: number; width: number; height: number } {
  const ratio = PHOTO_SIZE.width / PHOTO_SIZE.height;
  let width = sourceWidth;
  let height = width / ratio;
  if (height > sourceHeight) {
    height = sourceHeight;
    width = height * ratio;
  }
  return { x: (sourceWidth - width) / 2, y: (sourceHeight - height) / 2, width, height };
}
