/**
 * The ID photo format (GA 461-like): 358×441 pixels, 26×32 mm at 350 dpi, head centred, JPEG.
 * The crop takes the largest 358:441 rectangle centred on the frame (where the framing guide
 * is), and the JPEG quality steps down until the data URL fits the contract's limit.
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

/** Qualities tried in order; the first data URL under the limit wins. */
export const JPEG_QUALITIES = [0.92, 0.85, 0.75, 0.65, 0.5, 0.35];

export function capturePhoto(video: HTMLVideoElement): string | null {
  const { videoWidth, videoHeight } = video;
  if (videoWidth === 0 || videoHeight === 0) return null;
  const canvas = document.createElement('canvas');
  canvas.width = PHOTO_SIZE.width;
  canvas.height = PHOTO_SIZE.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const crop = centreCrop(videoWidth, videoHeight);
  // The preview is mirrored for the citizen; the photo is not (a photo shows the face as others see it).
  ctx.drawImage(video, crop.x, crop.y, crop.width, crop.height, 0, 0, PHOTO_SIZE.width, PHOTO_SIZE.height);
  for (const quality of JPEG_QUALITIES) {
    const url = canvas.toDataURL('image/jpeg', quality);
    if (url.length <= MAX_PHOTO_DATA_URL) return url;
  }
  return null;
}
