/**
 * The face models in the page, loaded on demand: Human (@vladmandic/human, MIT) and its tfjs are a
 * separate chunk fetched only when a check starts, and its models come from the app's own files
 * (models/human, copied at build by electron/tools/face-models-plugin.ts, with the tfjs WASM backend's
 * binaries in models/tfjs-wasm). Nothing here keeps a
 * frame or a result: each reading copies out what the check needs and zeroes Human's copy.
 */
import type { FaceResult, Human } from '@vladmandic/human';
import type { FaceReading } from './face-reading.ts';

export type { FaceReading };

let loading: Promise<Human> | undefined;

/** The one engine of the page (models are public weights, not personal data: they stay loaded). */
export function loadFaceEngine(): Promise<Human> {
  loading ??= (async () => {
    // The settings travel with the lazy chunk too: nothing of the engine in the page's first load.
    const [{ Human: HumanClass }, { faceEngineConfig }] = await Promise.all([import('@vladmandic/human'), import('./face-engine-config.ts')]);
    const human = new HumanClass(faceEngineConfig());
    await human.load();
    // Human only logs a backend it could not start and carries on with another: say it instead.
    const backend: unknown = human.tf.getBackend();
    if (backend !== 'wasm') throw new Error(`face engine: wasm backend did not start (got ${String(backend)})`);
    return human;
  })();
  // A failed load (missing files) may be retried by the next check.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** Zeroes the face data Human's result holds, so the copy we took is the only one. */
function scrub(faces: FaceResult[]): void {
  for (const face of faces) {
    face.embedding?.fill(0);
    face.mesh.length = 0;
    face.meshRaw.length = 0;
  }
}

export async function readFace(human: Human, input: HTMLImageElement | HTMLVideoElement | HTMLCanvasElement): Promise<FaceReading> {
  const width = input instanceof HTMLVideoElement ? input.videoWidth : input instanceof HTMLImageElement ? input.naturalWidth : input.width;
  const result = await human.detect(input);
  const faces = result.face;
  const only = faces.length === 1 ? faces[0] : undefined;
  const reading: FaceReading = {
    faces: faces.length,
    descriptor: only?.embedding ? [...only.embedding] : [],
    live: only?.live ?? 0,
    score: only?.score ?? 0,
    size: only && width > 0 ? only.box[2] / width : 0,
  };
  scrub(faces);
  return reading;
}
