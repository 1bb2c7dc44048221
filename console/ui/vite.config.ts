import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Absolute asset URLs: the console's client-side routes (/terminals/KM-0001) all load index.html.
  base: '/',
  // No CSP meta: the console server sends the kiosk's one policy (electron/shells/shared/security-headers.ts).
  plugins: [react()],
  server: { host: '127.0.0.1', proxy: { '/api': 'http://127.0.0.1:8380' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console-ui', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome110',
    sourcemap: false,
  },
});
