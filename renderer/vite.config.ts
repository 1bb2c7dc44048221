import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs: the same build is loaded from file:// (Electron) and http://127.0.0.1 (browser shell).
  base: './',
  // No CSP meta here: both shells send the one policy from electron/shells/shared/security-headers.ts.
  plugins: [react()],
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
