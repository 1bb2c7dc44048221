import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { buildVoicePacks, defaultVoicePaths } from '../electron/tools/build-voice-packs.ts';
import { faceModels } from '../electron/tools/face-models-plugin.ts';
import { localeMeta } from '../electron/tools/locale-meta-plugin.ts';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Spoken prompts: voice packs rendered into <outDir>/voice after every build (cached, so quick). */
function voicePacks(): Plugin {
  let outDir = '';
  return {
    name: 'bianmin-voice-packs',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    // writeBundle, not closeBundle: a failed build must not leave a voice folder looking like an output.
    async writeBundle() {
      const result = await buildVoicePacks(defaultVoicePaths(repoRoot, join(outDir, 'voice')));
      this.info(`voice packs: ${result.rendered} rendered, ${result.cached} cached, ${result.recorded} recorded`);
    },
  };
}

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs: the same build is loaded from file:// (Electron) and http://127.0.0.1 (browser shell).
  base: './',
  // No CSP meta here: both shells send the one policy from electron/shells/shared/security-headers.ts.
  plugins: [localeMeta(), react(), voicePacks(), faceModels(repoRoot)],
  server: {
    host: '127.0.0.1',
    // Locales live in resources/, outside the Vite root.
    fs: { allow: [repoRoot] },
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    // Kiosk pages are loaded from disk or loopback: one small bundle, no module preload polyfill.
    modulePreload: { polyfill: false },
  },
});
