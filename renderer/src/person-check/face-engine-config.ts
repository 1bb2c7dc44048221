/**
 * Human's settings for 人证核验: only the models the check needs (detector, mesh to align the face
 * for the descriptor, descriptor, liveness), on the tfjs wasm backend, everything from the app's own
 * files. Loaded with Human's lazy chunk (face-engine.ts), not with the page.
 */
import type { Config } from '@vladmandic/human';

export function faceEngineConfig(): Partial<Config> {
  return {
    // wasm (SIMD): about the same numbers as cpu, several times faster on a terminal's CPU and needs no
    // GPU; its binaries come from the app's own files (electron/tools/face-models-plugin.ts), never a CDN.
    backend: 'wasm',
    wasmPath: new URL('./models/tfjs-wasm/', document.baseURI).href,
    modelBasePath: new URL('./models/human/', document.baseURI).href,
    debug: false,
    async: true,
    warmup: 'none',
    // Models come from the app's files each time: tfjs would otherwise keep a copy in IndexedDB.
    cacheModels: false,
    // No result cache: a cached frame would outlive the decision.
    cacheSensitivity: 0,
    face: {
      enabled: true,
      detector: { rotation: false, maxDetected: 2, minConfidence: 0.5, return: false },
      mesh: { enabled: true },
      iris: { enabled: false },
      description: { enabled: true },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: true },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
    filter: { enabled: true, equalization: false },
  };
}
