import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FACE_MODEL_DIR, FACE_MODEL_FILES, faceModels, WASM_DIR, WASM_FILES } from '../../../../electron/tools/face-models-plugin.ts';

const repoRoot = resolve(import.meta.dirname, '../../../..');
type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
type Hooks = {
  configResolved(config: { build: { outDir: string } }): void;
  configureServer(server: { middlewares: { use(m: Middleware): void } }): void;
  writeBundle(this: { info(message: string): void }): Promise<void>;
};
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('face models plugin', () => {
  it('copies the face models and the tfjs wasm binaries into the build', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'face-models-'));
    dirs.push(outDir);
    const plugin = faceModels(repoRoot) as unknown as Hooks;
    plugin.configResolved({ build: { outDir } });
    const said: string[] = [];
    await plugin.writeBundle.call({ info: (m: string) => void said.push(m) });
    for (const file of FACE_MODEL_FILES) expect(statSync(join(outDir, FACE_MODEL_DIR, file)).size).toBeGreaterThan(0);
    expect(WASM_FILES).toContain('tfjs-backend-wasm-simd.wasm');
    for (const file of WASM_FILES) {
      const bytes = readFileSync(join(outDir, WASM_DIR, file));
      // "\0asm": a real WebAssembly module, not a pointer or an HTML error page.
      expect([...bytes.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
    }
    expect(said.join(' ')).toContain(`${WASM_FILES.length} wasm files`);
  });

  it('serves the wasm binaries in dev as application/wasm and leaves other paths alone', async () => {
    let middleware: Middleware | undefined;
    (faceModels(repoRoot) as unknown as Hooks).configureServer({ middlewares: { use: (m) => void (middleware = m) } });
    const server = createServer((req, res) => middleware?.(req, res, () => void res.writeHead(404).end()));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const wasm = await fetch(`${base}/${WASM_DIR}/tfjs-backend-wasm-simd.wasm`);
      expect(wasm.status).toBe(200);
      expect(wasm.headers.get('content-type')).toBe('application/wasm');
      expect(new Uint8Array(await wasm.arrayBuffer()).subarray(0, 4)).toEqual(new Uint8Array([0x00, 0x61, 0x73, 0x6d]));
      expect((await fetch(`${base}/${WASM_DIR}/tfjs-backend-wasm-threaded-simd.wasm`)).status).toBe(404);
      expect((await fetch(`${base}/${FACE_MODEL_DIR}/../../package.json`)).status).toBe(404);
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });
});
