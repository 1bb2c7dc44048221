/**
 * Takes the photo from the live video: the centred crop of photo-geometry.ts, as a JPEG whose
 * quality steps down until the data URL fits the contract's limit.
 */
import { centreCrop, MAX_PHOTO_DATA_URL, PHOTO_SIZE } from './photo-geometry.ts';

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
