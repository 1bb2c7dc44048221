/**
 * The card photo's descriptor: the photo (a data: URL from the core) is decoded into an image that
 * is never put on screen, described once, and let go; only the 1024 numbers stay for the check.
 */
import { createCallError } from '../api/call-error.ts';
import { loadFaceEngine, readFace } from './face-engine.ts';

export async function cardDescriptorOf(cardPhoto: string): Promise<number[]> {
  let human;
  try {
    human = await loadFaceEngine();
  } catch {
    throw createCallError({ code: 'DEVICE_UNAVAILABLE', message: 'the face models could not be loaded' });
  }
  const image = new Image();
  try {
    image.src = cardPhoto;
    await image.decode();
    const reading = await readFace(human, image);
    if (reading.faces !== 1 || reading.descriptor.length === 0) {
      throw createCallError({ code: 'CARD_INVALID', message: 'no single face in the card photo' });
    }
    return reading.descriptor;
  } finally {
    image.removeAttribute('src');
  }
}
