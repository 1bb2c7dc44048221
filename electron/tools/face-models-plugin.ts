/**
 * The face models 人证核验 uses (renderer/src/person-check/), copied from the pinned
 * @vladmandic/human package (MIT; its models ship inside the npm package) into <outDir>/models/human
 * at build, and served from node_modules in dev. Beside them the tfjs WASM backend's binaries
 * (@tensorflow/tfjs-backend-wasm, Apache-2.0, pinned to the tfjs 4.22.0 Human bundles) in
 * <outDir>/models/tfjs-wasm. The page loads both from its own origin: no CDN, no download at run time.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** Detector, mesh (aligns the face for the descriptor), descriptor, liveness. */
export const FACE_MODEL_FILES = ['blazeface', 'facemesh', 'faceres', 'liveness'].flatMap((m) => [`${m}.json`, `${m}.bin`]);
export const FACE_MODEL_DIR = 'models/human';
/**
 * SIMD, and plain for a CPU without it. The threaded build is left out: it needs SharedArrayBuffer,
 * which the page (not cross-origin isolated) does not get, so tfjs would never ask for it.
 */
export const WASM_FILES = ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm'];
export const WASM_DIR = 'models/tfjs-wasm';

interface Served {
  dir: string;
  source: string;
  files: readonly string[];
}

const typeOf = (name: string): string =>
  name.endsWith('.json') ? 'application/json' : name.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';

export function faceModels(repoRoot: string): Plugin {
  const served: Served[] = [
    { dir: FACE_MODEL_DIR, source: join(repoRoot, 'node_modules', '@vladmandic', 'human', 'models'), files: FACE_MODEL_FILES },
    { dir: WASM_DIR, source: join(repoRoot, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'), files: WASM_FILES },
  ];
  let outDir = '';
  return {
    name: 'bianmin-face-models',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = req.url?.split('?')[0] ?? '';
        for (const { dir, source, files } of served) {
          const name = path.split(`/${dir}/`)[1];
          if (!name || !files.includes(name)) continue;
          res.setHeader('Content-Type', typeOf(name));
          createReadStream(join(source, name)).pipe(res);
          return;
        }
        next();
      });
    },
    async writeBundle() {
      for (const { dir, source, files } of served) {
        const target = join(outDir, dir);
        await mkdir(target, { recursive: true });
        for (const file of files) await copyFile(join(source, file), join(target, file));
      }
      this.info(`face models: ${FACE_MODEL_FILES.length} model files, ${WASM_FILES.length} wasm files copied`);
    },
  };
}
